#!/usr/bin/env python3
"""Writes a large ISO 20022 bank statement (camt.053 or camt.054, version .001.04 or .001.08) for load tests.

Streaming and constant memory: entries are written as they are made, so a million transactions need no more
memory than ten. camt.053 states its balances before its entries, so for it the transactions are produced twice
(once to add them up, once to write them); a --references file is therefore read twice, never held.

Examples:
  Benchmarks/camt/generate.py --kind 054 --version 08 --transactions 100000 --out /tmp/camt054-100k.xml
  Benchmarks/camt/generate.py --kind 053 --version 04 --transactions 3000 --entries-per-batch 50
  Benchmarks/camt/generate.py --kind 054 --references export.txt --account CH4431999123000889012 > camt.xml

A references file has one transaction per line, `REFERENCE AMOUNT` (e.g. `210000000003139471430009017 120.50`);
27 digits are written as a QRR reference, `RF…` as SCOR. Without one, valid QR references are made up.
Python 3 standard library only.
"""

import argparse
import sys
from decimal import Decimal
from xml.sax.saxutils import escape

QRR_TABLE = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5]
DEBTORS = [
    ("Muster AG", "CH5800791123000889012"),
    ("Beispiel GmbH", "DE89370400440532013000"),
]


def qr_reference(payload):
    """26 payload digits plus the modulo 10 recursive check digit."""
    digits = payload.rjust(26, "0")
    carry = 0
    for d in digits:
        carry = QRR_TABLE[(carry + int(d)) % 10]
    return digits + str((10 - carry) % 10)


def transactions(args):
    """Yields (reference, amount as Decimal) for every transaction, from the file or made up."""
    if args.references:
        count = 0
        with open(args.references, encoding="utf-8") as lines:
            for line in lines:
                parts = line.split()
                if len(parts) < 2:
                    continue
                if args.transactions is not None and count >= args.transactions:
                    return
                count += 1
                yield parts[0], Decimal(parts[1])
        return
    for i in range(args.transactions if args.transactions is not None else 1000):
        # Kind 1 (invoice), customer number, invoice number: the layout BillingReferences uses.
        reference = qr_reference("1" + str(100000 + i % 5000).rjust(9, "0") + str(i + 1).rjust(16, "0"))
        cents = 1000 + (i * 7919) % 99000
        yield reference, Decimal(cents) / 100


def batches(args):
    """Groups transactions into entries of --entries-per-batch each."""
    batch = []
    for item in transactions(args):
        batch.append(item)
        if len(batch) == args.entries_per_batch:
            yield batch
            batch = []
    if batch:
        yield batch


def money(amount):
    return f"{amount:.2f}"


class Writer:
    def __init__(self, out, args):
        self.out = out
        self.args = args
        self.v08 = args.version == "08"

    def w(self, text):
        self.out.write(text)

    def status(self):
        return "<Sts><Cd>BOOK</Cd></Sts>" if self.v08 else "<Sts>BOOK</Sts>"

    def debtor(self, name):
        inner = f"<Nm>{escape(name)}</Nm>"
        return f"<Dbtr><Pty>{inner}</Pty></Dbtr>" if self.v08 else f"<Dbtr>{inner}</Dbtr>"

    def remittance(self, reference):
        if reference.upper().startswith("RF"):
            kind = "<Cd>SCOR</Cd>"
        else:
            kind = "<Prtry>QRR</Prtry>"
        # Adversarial shapes: a message of many lines instead of the reference (--message-lines), further Strd blocks.
        if self.args.message_lines:
            return "<RmtInf>" + "".join(f"<Ustrd>{'Zahlung fuer Lieferung Nr. %06d ' % n * 4}</Ustrd>"
                                        for n in range(self.args.message_lines)) + "</RmtInf>"
        lines = ""
        extra = "".join(
            "<Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp>"
            f"<Ref>{qr_reference(str(900000 + n))}</Ref></CdtrRefInf></Strd>"
            for n in range(self.args.extra_references))
        return (
            "<RmtInf>" + lines + "<Strd><CdtrRefInf><Tp><CdOrPrtry>" + kind + "</CdOrPrtry></Tp>"
            f"<Ref>{escape(reference)}</Ref></CdtrRefInf></Strd>" + extra + "</RmtInf>"
        )

    def entry(self, number, first_tx, batch):
        a = self.args
        ccy = a.currency
        total = sum((amount for _, amount in batch), Decimal(0))
        w = self.w
        w(f"""
      <Ntry>
        <NtryRef>{number}</NtryRef>
        <Amt Ccy="{ccy}">{money(total)}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <RvslInd>false</RvslInd>
        {self.status()}
        <BookgDt><Dt>{a.date}</Dt></BookgDt>
        <ValDt><Dt>{a.date}</Dt></ValDt>
        <AcctSvcrRef>KE{a.date.replace('-', '')}{number:09d}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>VCOM</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>""")
        if len(batch) > 1:
            w(f"""
          <Btch><NbOfTxs>{len(batch)}</NbOfTxs><TtlAmt Ccy="{ccy}">{money(total)}</TtlAmt><CdtDbtInd>CRDT</CdtDbtInd></Btch>""")
        for offset, (reference, amount) in enumerate(batch):
            tx = first_tx + offset
            name, iban = DEBTORS[tx % len(DEBTORS)]
            w(f"""
          <TxDtls>
            <Refs>
              <AcctSvcrRef>KT{a.date.replace('-', '')}{tx:010d}</AcctSvcrRef>
              <EndToEndId>E2E{tx:012d}</EndToEndId>
            </Refs>
            <Amt Ccy="{ccy}">{money(amount)}</Amt>
            <CdtDbtInd>CRDT</CdtDbtInd>
            <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>VCOM</SubFmlyCd></Fmly></Domn></BkTxCd>
            <RltdPties>
              {self.debtor(f"{name} {tx}")}
              <DbtrAcct><Id><IBAN>{iban}</IBAN></Id></DbtrAcct>
            </RltdPties>
            {self.remittance(reference)}
            <RltdDts><AccptncDtTm>{a.date}T10:00:00</AccptncDtTm></RltdDts>
          </TxDtls>""")
        w("""
        </NtryDtls>
      </Ntry>""")

    def document(self, closing_total):
        a = self.args
        statement = a.kind == "053"
        root, block = ("BkToCstmrStmt", "Stmt") if statement else ("BkToCstmrDbtCdtNtfctn", "Ntfctn")
        namespace = f"urn:iso:std:iso:20022:tech:xsd:camt.{a.kind}.001.{a.version}"
        w = self.w
        w(f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="{namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <{root}>
    <GrpHdr>
      <MsgId>KONTOR-GEN-{a.kind}-{a.date}</MsgId>
      <CreDtTm>{a.date}T18:00:00</CreDtTm>""")
        if a.test:
            w("\n      <AddtlInf>SPS/2.0/TEST</AddtlInf>")
        w(f"""
    </GrpHdr>
    <{block}>
      <Id>KONTOR-GEN-{block}-1</Id>
      <CreDtTm>{a.date}T18:00:00</CreDtTm>
      <Acct>
        <Id><IBAN>{a.account}</IBAN></Id>
        <Ccy>{a.currency}</Ccy>
      </Acct>""")
        if statement:
            for code, amount in (("OPBD", Decimal(0)), ("CLBD", closing_total)):
                w(f"""
      <Bal>
        <Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>
        <Amt Ccy="{a.currency}">{money(amount)}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>{a.date}</Dt></Dt>
      </Bal>""")
        tx = 1
        for number, batch in enumerate(batches(a), start=1):
            self.entry(number, tx, batch)
            tx += len(batch)
        w(f"""
    </{block}>
  </{root}>
</Document>
""")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", choices=["04", "08"], default="08")
    parser.add_argument("--kind", choices=["053", "054"], default="054")
    parser.add_argument("--transactions", type=int, help="how many (default 1000; with --references: at most)")
    parser.add_argument("--account", default="CH4431999123000889012", help="the account's IBAN")
    parser.add_argument("--currency", default="CHF")
    parser.add_argument("--references", help="file of `REFERENCE AMOUNT` lines, one per transaction")
    parser.add_argument("--entries-per-batch", type=int, default=1, help="transactions per entry (collective bookings)")
    parser.add_argument("--date", default="2026-03-14", help="booking and value date")
    parser.add_argument("--test", action="store_true", help="mark the file as a test file (SPS/2.0/TEST)")
    parser.add_argument("--message-lines", type=int, default=0, help="per payment a message of this many RmtInf/Ustrd lines (140 characters) and no structured reference")
    parser.add_argument("--extra-references", type=int, default=0, help="further Strd blocks per payment, each another valid QR reference")
    parser.add_argument("--out", help="output file (default: standard output)")
    args = parser.parse_args()
    if args.entries_per_batch < 1:
        parser.error("--entries-per-batch must be at least 1")

    closing = Decimal(0)
    if args.kind == "053":
        closing = sum((amount for _, amount in transactions(args)), Decimal(0))
    out = open(args.out, "w", encoding="utf-8", buffering=1 << 20) if args.out else sys.stdout
    try:
        Writer(out, args).document(closing)
    finally:
        if args.out:
            out.close()


if __name__ == "__main__":
    main()
