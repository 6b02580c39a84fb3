/// The fixed headings of the QR-bill in one language, worded as in the Swiss Implementation Guidelines
/// (section "Language versions of headings"); banks' staff and scanners' users expect exactly these words.
struct SlipTerms {
    let receipt: String
    let paymentPart: String
    let accountPayableTo: String
    let reference: String
    let additionalInformation: String
    let payableBy: String
    let payableByNameAddress: String
    let currency: String
    let amount: String
    let acceptancePoint: String

    /// The headings for `language`.
    static func of(_ language: QRBillSlip.Language) -> SlipTerms {
        switch language {
        case .en:
            SlipTerms(
                receipt: "Receipt", paymentPart: "Payment part", accountPayableTo: "Account / Payable to",
                reference: "Reference", additionalInformation: "Additional information", payableBy: "Payable by",
                payableByNameAddress: "Payable by (name/address)", currency: "Currency", amount: "Amount",
                acceptancePoint: "Acceptance point")
        case .de:
            SlipTerms(
                receipt: "Empfangsschein", paymentPart: "Zahlteil", accountPayableTo: "Konto / Zahlbar an",
                reference: "Referenz", additionalInformation: "Zusätzliche Informationen", payableBy: "Zahlbar durch",
                payableByNameAddress: "Zahlbar durch (Name/Adresse)", currency: "Währung", amount: "Betrag",
                acceptancePoint: "Annahmestelle")
        case .fr:
            SlipTerms(
                receipt: "Récépissé", paymentPart: "Section paiement", accountPayableTo: "Compte / Payable à",
                reference: "Référence", additionalInformation: "Informations supplémentaires", payableBy: "Payable par",
                payableByNameAddress: "Payable par (nom/adresse)", currency: "Monnaie", amount: "Montant",
                acceptancePoint: "Point de dépôt")
        case .it:
            SlipTerms(
                receipt: "Ricevuta", paymentPart: "Sezione pagamento", accountPayableTo: "Conto / Pagabile a",
                reference: "Riferimento", additionalInformation: "Informazioni supplementari", payableBy: "Pagabile da",
                payableByNameAddress: "Pagabile da (nome/indirizzo)", currency: "Valuta", amount: "Importo",
                acceptancePoint: "Punto di accettazione")
        }
    }
}
