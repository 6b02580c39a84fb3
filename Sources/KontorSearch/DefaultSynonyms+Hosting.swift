/// Hosting and console vocabulary every provider's customers use (`DefaultSynonyms`): a product's everyday names
/// ("alojamiento", "hospedaje", "hosting"), abbreviations ("BDD", "NDD", "MwSt"), regional words ("casilla de correo",
/// "ordre permanent" / "virement permanent") and loanwords.
///
/// Written from general hosting vocabulary by someone who saw no question set, then checked through the analyzer:
/// every term keeps its own stems, no single word shares a stem with an unrelated console word (English "hosting"
/// stems to "host", so only phrases such as "web hosting" are used; bare "support" also means "works with"), and no
/// phrase collapses onto its opposite once its stop words go ("fattura non pagata"). Left out on purpose: "delete" ~
/// "remove" (removing a member deletes nothing), "API key" ~ "API token", "control panel" ~ "client area", and words
/// with a second console meaning ("avoir", "vencimiento", "relance", "casilla", "clave"). "Website" ~ "site" was tried
/// and taken out: it is the same thing, but customers say "my website is down" about an expired or suspended product,
/// and "site" is the word of the guides on a hosting's site settings, which it then put first (docs/benchmarks.md).
extension DefaultSynonyms {
    static let spanishMore: [SynonymGroup] = [
        SynonymGroup(["alojamiento web", "alojamiento", "hosting", "hospedaje", "hosting web"], language: .es),
        SynonymGroup(["nombre de dominio", "dominio"], language: .es),
        SynonymGroup(["base de datos", "BD", "BBDD", "DB", "database"], language: .es),
        // "Certificado de seguridad" is what customers call the site's SSL certificate (browser padlock warnings). The
        // browser's warning page when the certificate fails, "La conexión no es privada" (Chrome, Edge, Safari, in every
        // language below), is what they paste (added in round 7).
        SynonymGroup(["certificado SSL", "certificado TLS", "certificado HTTPS", "certificado de seguridad", "la conexión no es privada"],
                     language: .es),
        SynonymGroup(["cuenta FTP", "usuario FTP"], language: .es),
        // Customers say "editar la zona DNS" and "editar los registros DNS" for the same page: the zone is its records.
        SynonymGroup(["zona DNS", "registros DNS", "entradas DNS"], language: .es),
        SynonymGroup(["servidores de nombres", "servidores DNS", "nameservers"], language: .es),
        // "Buzón" (Spain), "casilla de correo" (Río de la Plata) and "cuenta de correo" all name one mailbox.
        SynonymGroup(["buzón de correo", "buzón", "casilla de correo", "cuenta de correo", "mailbox"], language: .es),
        SynonymGroup(["reenvío de correo", "redirección de correo", "reenvío de email", "redirección de email"],
                     language: .es),
        // Webmail is what a customer who does not know the word calls reading mail in the browser (added in round 7).
        SynonymGroup(["webmail", "correo web", "correo en el navegador", "correo desde el navegador"], language: .es),
        SynonymGroup(["servidor SMTP", "servidor saliente", "servidor de correo saliente", "SMTP"], language: .es),
        SynonymGroup(["spam", "correo no deseado", "correo basura"], language: .es),
        SynonymGroup(["cuenta prepago", "saldo prepago", "saldo a favor"], language: .es),
        // Phrases only: bare "recargar" shares its stem with "recargo" (a surcharge).
        SynonymGroup(["recargar saldo", "recargar la cuenta", "cargar saldo", "añadir saldo", "añadir fondos"],
                     language: .es),
        // "Pago periódico" here is the customer's own bank order that repeats a transfer, not a card subscription.
        SynonymGroup(["orden permanente", "orden de pago permanente", "transferencia periódica",
                      "transferencia recurrente", "pago periódico"], language: .es),
        SynonymGroup(["recordatorio de pago", "reclamación de pago", "requerimiento de pago"], language: .es),
        // Spain says "factura rectificativa" / "nota de abono", Latin America "nota de crédito": one document.
        SynonymGroup(["nota de crédito", "factura rectificativa", "nota de abono"], language: .es),
        SynonymGroup(["número de cliente", "ID de cliente", "identificador de cliente", "ID de cuenta"], language: .es),
        SynonymGroup(["método de pago", "forma de pago", "medio de pago"], language: .es),
        SynonymGroup(["código EPP", "código de autorización", "código de transferencia", "authcode", "auth code"],
                     language: .es),
        // Site backups; bare "respaldo" is left out because "códigos de respaldo" are the 2FA backup codes.
        SynonymGroup(["copia de seguridad", "copia de respaldo", "backup"], language: .es),
        SynonymGroup(["contraseña", "password"], language: .es),
        // Phrases only: bare "soporte" shares its stem with "soporta" ("¿el hosting soporta PHP 8?").
        SynonymGroup(["soporte técnico", "atención al cliente", "servicio al cliente", "equipo de soporte",
                      "asistencia técnica", "contactar con soporte", "contactar al soporte",
                      "hablar con una persona", "hablar con un humano"], language: .es),
        SynonymGroup(["eliminar", "borrar", "suprimir"], language: .es),
        // Sender lists and buying a domain, added on 6 December 2026 after the hosting stand-in (docs/benchmarks.md).
        SynonymGroup(["lista blanca", "lista de permitidos", "remitentes seguros", "whitelist"], language: .es),
        SynonymGroup(["lista negra", "lista de bloqueo", "lista de bloqueados", "blacklist", "bloquear un remitente",
                      "bloquear remitentes"], language: .es),
        // Not "registro de dominio": "registro" is also a DNS record.
        SynonymGroup(["registrar un dominio", "comprar un dominio", "contratar un dominio"], language: .es),
        // A domain, a hosting or a certificate that has run out: Spain says "caducar", Latin America "vencer", panels
        // "expirar". The verb only: "vencimiento" keeps its own stem (an invoice's due date).
        SynonymGroup(["caducar", "vencer", "expirar"], language: .es),
        // The automatic reply while away, added in round 6 (docs/benchmarks.md): each mail program and panel names it
        // differently (Plesk "respuesta automática", cPanel "autorespondedor", Outlook "fuera de la oficina").
        SynonymGroup(["respuesta automática", "autorespuesta", "autorespondedor", "mensaje de ausencia",
                      "respuesta de ausencia", "fuera de la oficina"], language: .es),
        // Added in round 9 (docs/benchmarks.md). The computer a mail program or a tool runs on, whatever its form:
        // guides say "ordenador" (Spain) or "computadora" (Latin America), customers name their "portátil" or "PC".
        SynonymGroup(["ordenador", "computadora", "portátil", "laptop"], language: .es),
        // Mail the provider sends to sell: guides name the "newsletter" and "ofertas", customers the "publicidad".
        SynonymGroup(["newsletter", "boletín", "publicidad", "correos publicitarios", "correos comerciales",
                      "comunicaciones comerciales", "correos promocionales", "correos de ofertas"], language: .es),
        // A billing period said as an adjective in the guides and as a phrase by customers ("pagar cada mes").
        SynonymGroup(["mensual", "mensualmente", "cada mes", "al mes", "por mes"], language: .es),
        SynonymGroup(["anual", "anualmente", "cada año", "al año", "por año"], language: .es),
        // Colloquial "banear" (gamers, forums) is blocking an address or a user.
        SynonymGroup(["bloquear", "banear"], language: .es),
        // Express, the web framework every Node.js tutorial starts with, and npm, its package manager.
        SynonymGroup(["Node.js", "NodeJS", "Express.js", "Express", "npm"], language: .es),
        // A folder of files on the server is a directory in the panels' words ("proteger un directorio").
        SynonymGroup(["carpeta", "directorio"], language: .es),
        // A purchase is an order in the shop's words: "mi compra está parada" is a pending order.
        SynonymGroup(["pedido", "compra"], language: .es),
        // The 404 page, as customers name what they see: a broken link, a page that is not found.
        SynonymGroup(["404", "página no encontrada", "enlace roto", "link roto", "enlace caído"], language: .es),
        // The identity documents a fraud check or a registry asks for.
        SynonymGroup(["documento de identidad", "DNI", "NIE", "pasaporte", "carné de identidad", "cédula de identidad"],
                     language: .es),
        // Who receives the invoices for the customer: Spain's "gestoría" or "asesoría", Latin America's "contador".
        SynonymGroup(["contable", "gestoría", "asesoría", "contador"], language: .es),
        // A site someone broke into: "hackeado" (the loanword), "pirateado", "infectado", "malware".
        SynonymGroup(["hackeado", "pirateado", "infectado", "malware", "comprometido", "hackeo"], language: .es),
        // Money given back: Spain's "reembolso", "devolución del dinero".
        SynonymGroup(["reembolso", "reembolsar", "devolución", "devolver el dinero"], language: .es),
        // Hiding the owner's details from the public WHOIS: each registrar names the service differently.
        SynonymGroup(["privacidad WHOIS", "protección WHOIS", "protección de privacidad", "ocultar mis datos",
                      "ocultar los datos del titular"], language: .es),
        // Leaving a mailing list: "darse de baja" (the guides), "desuscribirse", colloquial "desapuntarse".
        SynonymGroup(["darse de baja", "dar de baja", "desuscribirse", "desapuntarse", "cancelar la suscripción"],
                     language: .es),
        // Jobs the server runs on a schedule: the panels' "cron", a customer's "tarea programada".
        SynonymGroup(["cron", "cronjob", "tarea programada", "tareas programadas", "tarea cron"], language: .es),
        // A copy of the site to try changes on first.
        SynonymGroup(["staging", "entorno de pruebas", "sitio de pruebas", "copia de pruebas", "web de pruebas"], language: .es),
        // WordPress's "white screen of death", as customers describe it.
        SynonymGroup(["pantalla en blanco", "página en blanco", "pantalla blanca", "página blanca"], language: .es),
        // Going back to an earlier state of a site or a mailbox.
        SynonymGroup(["restaurar", "volver atrás", "revertir"], language: .es),
    ]

    static let frenchMore: [SynonymGroup] = [
        SynonymGroup(["hébergement web", "hébergement", "hosting", "hébergement de site"], language: .fr),
        SynonymGroup(["nom de domaine", "domaine", "NDD"], language: .fr),
        SynonymGroup(["base de données", "BDD", "BD", "database"], language: .fr),
        SynonymGroup(["certificat SSL", "certificat TLS", "certificat HTTPS", "certificat de sécurité", "votre connexion n'est pas privée"], language: .fr),
        SynonymGroup(["compte FTP", "utilisateur FTP", "identifiant FTP"], language: .fr),
        // The zone is its records: "modifier la zone DNS" and "modifier les enregistrements DNS" are one task.
        SynonymGroup(["zone DNS", "enregistrements DNS", "entrées DNS", "fichier de zone"], language: .fr),
        SynonymGroup(["serveurs de noms", "serveurs DNS", "nameservers"], language: .fr),
        SynonymGroup(["boîte mail", "boîte e-mail", "boîte aux lettres", "compte mail", "compte de messagerie",
                      "mailbox"], language: .fr),
        SynonymGroup(["redirection mail", "redirection e-mail", "redirection de courriel", "transfert de mails"],
                     language: .fr),
        SynonymGroup(["serveur SMTP", "serveur sortant", "serveur de courrier sortant", "serveur d'envoi", "SMTP"],
                     language: .fr),
        // Bare "indésirables" is the junk folder's name in French mail programs ("parti dans les indésirables").
        SynonymGroup(["spam", "courrier indésirable", "courriel indésirable", "pourriel", "indésirables"], language: .fr),
        // Webmail is what a customer who does not know the word calls reading mail in the browser (added in round 7).
        SynonymGroup(["webmail", "mails dans le navigateur", "mails sur internet", "messagerie en ligne"], language: .fr),
        SynonymGroup(["hameçonnage", "phishing", "filoutage"], language: .fr),
        SynonymGroup(["se connecter", "login", "ouvrir une session"], language: .fr),
        SynonymGroup(["se déconnecter", "déconnexion", "logout", "fermer la session"], language: .fr),
        SynonymGroup(["compte prépayé", "solde prépayé", "crédit prépayé"], language: .fr),
        // Bare "recharger" is left out: "recharger la page" is the commonest advice on any help page.
        SynonymGroup(["alimenter", "approvisionner", "recharger le compte", "recharger le solde"], language: .fr),
        // "Virement permanent" (France) and "ordre permanent" (Switzerland, Belgium) are the same bank order.
        SynonymGroup(["ordre permanent", "ordre de paiement permanent", "virement permanent", "virement récurrent",
                      "virement périodique", "paiement récurrent"], language: .fr),
        SynonymGroup(["rappel de paiement", "relance de paiement", "relance de facture", "lettre de relance"],
                     language: .fr),
        // "Avoir" alone is left out: as a term it would match the verb "avoir" in every question.
        SynonymGroup(["note de crédit", "facture d'avoir"], language: .fr),
        SynonymGroup(["moyen de paiement", "mode de paiement", "méthode de paiement"], language: .fr),
        SynonymGroup(["code EPP", "code AuthInfo", "code d'autorisation", "code de transfert", "auth code", "authcode"],
                     language: .fr),
        // "Sauvegarde" is the French word for a backup of a site or mailbox.
        SynonymGroup(["sauvegarde", "backup", "copie de sauvegarde"], language: .fr),
        // Phrases only: bare "support" shares its stem with "supporte" ("l'hébergement supporte PHP 8 ?").
        SynonymGroup(["service client", "support technique", "assistance technique", "équipe support",
                      "équipe d'assistance", "soutien technique", "contacter le support", "joindre le support",
                      "parler à un humain", "une vraie personne"], language: .fr),
        SynonymGroup(["supprimer", "effacer"], language: .fr),
        // How long something is kept: the guides say "conserver" ("durée de conservation"), customers "garder"
        // (added in round 8). French only: Spanish "guardar" is also "save", English "keep" an everyday verb.
        SynonymGroup(["conserver", "garder"], language: .fr),
        // Sender lists and buying a domain, added on 6 December 2026 after the hosting stand-in (docs/benchmarks.md).
        SynonymGroup(["liste blanche", "expéditeurs autorisés", "liste d'autorisation", "whitelist"], language: .fr),
        SynonymGroup(["liste noire", "liste de blocage", "expéditeurs bloqués", "blacklist", "bloquer un expéditeur"],
                     language: .fr),
        SynonymGroup(["enregistrer un nom de domaine", "acheter un nom de domaine", "acheter un domaine",
                      "réserver un nom de domaine", "commander un nom de domaine", "enregistrement de domaine"], language: .fr),
        // The automatic reply while away, added in round 6: "message d'absence" (Outlook, OVH), "répondeur" (many panels).
        SynonymGroup(["réponse automatique", "répondeur automatique", "répondeur", "message d'absence",
                      "réponse d'absence", "autorépondeur"], language: .fr),
        // Added in round 9 (docs/benchmarks.md). The computer a mail program or a tool runs on: guides say "ordinateur",
        // customers "ordi", "PC" or "Mac". "Portable" is left out: it is the phone in the group above.
        SynonymGroup(["ordinateur", "ordi", "laptop"], language: .fr),
        // Mail the provider sends to sell: guides name the "newsletter", "lettre d'information" and "offres",
        // customers "la pub".
        SynonymGroup(["newsletter", "lettre d'information", "pub", "mails publicitaires",
                      "e-mails promotionnels", "offres commerciales", "communications commerciales"], language: .fr),
        // A billing period said as an adjective in the guides and as a phrase by customers ("payer au mois").
        SynonymGroup(["mensuel", "mensuellement", "chaque mois", "au mois", "par mois"], language: .fr),
        SynonymGroup(["annuel", "annuellement", "chaque année", "à l'année", "par an"], language: .fr),
        // Colloquial "bannir" is blocking an address or a user.
        SynonymGroup(["bloquer", "bannir"], language: .fr),
        // Colloquial "ravoir" (get back) is recovering what was lost or deleted.
        SynonymGroup(["récupérer", "ravoir"], language: .fr),
        // Express, the web framework every Node.js tutorial starts with, and npm, its package manager.
        SynonymGroup(["Node.js", "NodeJS", "Express.js", "Express", "npm"], language: .fr),
        // A folder of files on the server is a directory in the panels' words ("protéger un répertoire").
        SynonymGroup(["dossier", "répertoire"], language: .fr),
        // A purchase is an order in the shop's words: "mon achat est bloqué" is a pending order.
        SynonymGroup(["commande", "achat"], language: .fr),
        // The 404 page, as customers name what they see: a broken link, a page that is not found.
        SynonymGroup(["404", "page introuvable", "page non trouvée", "lien cassé", "lien mort", "lien brisé"], language: .fr),
        // The identity documents a fraud check or a registry asks for.
        SynonymGroup(["pièce d'identité", "carte d'identité", "passeport", "CNI", "justificatif d'identité"], language: .fr),
        // Who receives the invoices for the customer.
        SynonymGroup(["comptable", "expert-comptable", "fiduciaire"], language: .fr),
        // The people who work for the customer: a mailbox or an access is "for an employee", "d'un collègue".
        SynonymGroup(["salarié", "employé", "collaborateur", "collègue"], language: .fr),
        // A site someone broke into: "piraté", "hacké", "infecté", "compromis", "malware".
        SynonymGroup(["piraté", "hacké", "infecté", "compromis", "malware", "logiciel malveillant", "piratage"], language: .fr),
        // Money given back: "remboursement", "rembourser", "récupérer l'argent".
        SynonymGroup(["remboursement", "rembourser", "récupérer l'argent", "récupérer mon argent"], language: .fr),
        // Hiding the owner's details from the public WHOIS: each registrar names the service differently.
        SynonymGroup(["confidentialité WHOIS", "protection WHOIS", "masquer mes coordonnées", "cacher mes coordonnées",
                      "anonymisation WHOIS"], language: .fr),
        // Leaving a mailing list: "se désabonner", "se désinscrire", "désabonnement".
        SynonymGroup(["se désabonner", "désabonnement", "se désinscrire", "désinscription"], language: .fr),
        // Jobs the server runs on a schedule: the panels' "cron", a customer's "tâche planifiée".
        SynonymGroup(["cron", "cronjob", "tâche planifiée", "tâches planifiées", "tâche cron", "tâche programmée"],
                     language: .fr),
        // A copy of the site to try changes on first.
        SynonymGroup(["staging", "préproduction", "site de test", "copie de test", "environnement de test"], language: .fr),
        // WordPress's "white screen of death", as customers describe it.
        SynonymGroup(["page blanche", "écran blanc", "page vide"], language: .fr),
        // Going back to an earlier state of a site or a mailbox.
        SynonymGroup(["restaurer", "revenir en arrière", "retour en arrière"], language: .fr),
    ]

    static let englishMore: [SynonymGroup] = [
        // Bare "hosting" is left out: it stems to "host" and would expand "SMTP host" or "hostname" questions.
        SynonymGroup(["web hosting", "webhosting", "hosting plan", "hosting package", "hosting account"],
                     language: .en),
        SynonymGroup(["domain name", "domain"], language: .en),
        SynonymGroup(["database", "DB", "data base"], language: .en),
        SynonymGroup(["SSL certificate", "TLS certificate", "HTTPS certificate", "SSL cert", "security certificate", "connection is not private"],
                     language: .en),
        SynonymGroup(["FTP account", "FTP user", "FTP username"], language: .en),
        // The zone is its records: "edit the DNS zone" and "edit DNS records" are one task.
        SynonymGroup(["DNS zone", "DNS records", "DNS entries", "zone file"], language: .en),
        SynonymGroup(["name servers", "nameservers", "DNS servers"], language: .en),
        SynonymGroup(["mailbox", "email account", "e-mail account", "mail account"], language: .en),
        SynonymGroup(["email forwarding", "mail forwarding", "email redirection"], language: .en),
        SynonymGroup(["SMTP server", "outgoing mail server", "outgoing server", "SMTP"], language: .en),
        SynonymGroup(["spam", "junk mail", "junk email", "junk"], language: .en),
        // Webmail is what a customer who does not know the word calls reading mail in the browser (added in round 7).
        SynonymGroup(["webmail", "web mail", "mail in the browser", "email in the browser"], language: .en),
        // "Bill" also stems "billing" ("billing address" → "invoice address"): the same thing in a console.
        SynonymGroup(["invoice", "bill"], language: .en),
        SynonymGroup(["prepaid account", "prepaid balance", "credit balance", "account credit"], language: .en),
        // "Add credit" is left out: it would match "add credit card".
        SynonymGroup(["top up", "add funds", "recharge"], language: .en),
        // "Recurring payment" is how some banks name the standing order the customer sets up to top up the balance.
        SynonymGroup(["standing order", "recurring transfer", "recurring payment", "recurring bank transfer"],
                     language: .en),
        SynonymGroup(["payment reminder", "dunning", "overdue notice", "past-due notice"], language: .en),
        SynonymGroup(["credit note", "credit memo"], language: .en),
        SynonymGroup(["customer number", "customer ID", "client number", "account ID"], language: .en),
        SynonymGroup(["payment method", "means of payment"], language: .en),
        // Registrars name the domain transfer secret differently; "authorization code" means this one in hosting.
        SynonymGroup(["EPP code", "auth code", "authcode", "authorization code", "domain transfer code"],
                     language: .en),
        // Phrases only: bare "support" is also the verb ("does it support PHP 8?").
        SynonymGroup(["customer support", "customer service", "support team", "tech support", "technical support",
                      "helpdesk", "contact support", "talk to a human", "talk to a person", "speak to a person", "real person"], language: .en),
        SynonymGroup(["disable", "deactivate"], language: .en),
        // The automatic reply while away, added in round 6: cPanel "autoresponder", Plesk "auto-reply", Outlook
        // "automatic replies" / "out of office", Gmail "vacation responder".
        SynonymGroup(["autoresponder", "auto-reply", "automatic reply", "out of office", "vacation reply",
                      "vacation responder", "away message"], language: .en),
        // The customer's own account, closed for good; "cancel account" is left out (also cancelling a service).
        SynonymGroup(["close account", "delete account", "account closure"], language: .en),
        SynonymGroup(["forgot password", "forgotten password", "lost password"], language: .en),
        // Sender lists and buying a domain, added on 6 December 2026 after the hosting stand-in (docs/benchmarks.md).
        SynonymGroup(["whitelist", "allowlist", "allow list", "safelist", "safe senders"], language: .en),
        SynonymGroup(["blacklist", "blocklist", "block list", "denylist", "block a sender", "blocked senders"], language: .en),
        SynonymGroup(["register a domain", "buy a domain", "purchase a domain", "order a domain", "domain registration"],
                     language: .en),
        // Added in round 9 (docs/benchmarks.md). The computer a mail program or a tool runs on: guides say "computer"
        // or "desktop", customers name their "laptop", "PC" or "Mac".
        SynonymGroup(["computer", "laptop", "desktop", "notebook computer"], language: .en),
        // Mail the provider sends to sell: guides name the "newsletter" and "product news", customers "marketing emails".
        SynonymGroup(["newsletter", "marketing emails", "marketing email", "promotional emails", "advertising emails",
                      "promo emails"], language: .en),
        // "Ban" (forums, games) is blocking an address or a user.
        SynonymGroup(["block", "ban"], language: .en),
        // "Undelete" is what desktop tools call restoring a deleted file or message.
        SynonymGroup(["undelete", "restore deleted", "recover deleted"], language: .en),
        // Express, the web framework every Node.js tutorial starts with, and npm, its package manager.
        SynonymGroup(["Node.js", "NodeJS", "Express.js", "Express", "npm"], language: .en),
        // A purchase is an order in the shop's words: "my purchase is stuck" is a pending order.
        SynonymGroup(["order", "purchase"], language: .en),
        // The 404 page, as customers name what they see: a broken link, a page that is not found.
        SynonymGroup(["404", "page not found", "broken link", "dead link"], language: .en),
        // The identity documents a fraud check or a registry asks for; bare "ID" is left out (customer ID, user ID).
        SynonymGroup(["identity document", "ID card", "passport", "photo ID", "proof of identity", "ID document"],
                     language: .en),
        // The people who work for the customer: a mailbox or an access is "for an employee", "a coworker's".
        SynonymGroup(["employee", "staff member", "coworker", "colleague", "co-worker"], language: .en),
        // A site someone broke into: "hacked", "compromised", "infected", "malware".
        SynonymGroup(["hacked", "compromised", "infected", "malware", "hack"], language: .en),
        // Money given back.
        SynonymGroup(["refund", "money back", "reimbursement", "reimburse"], language: .en),
        // Hiding the owner's details from the public WHOIS: each registrar names the service differently.
        SynonymGroup(["WHOIS privacy", "domain privacy", "ID protection", "privacy protection", "hide my details",
                      "hide my personal details", "hide my info"], language: .en),
        // Leaving a mailing list.
        SynonymGroup(["unsubscribe", "opt out", "opt-out"], language: .en),
        // Jobs the server runs on a schedule: the panels' "cron job", a customer's "scheduled task".
        SynonymGroup(["cron job", "cronjob", "cron", "scheduled task", "scheduled tasks"], language: .en),
        // A copy of the site to try changes on first.
        SynonymGroup(["staging", "staging site", "test site", "test copy", "test environment"], language: .en),
        // WordPress's "white screen of death", as customers describe it.
        SynonymGroup(["white screen", "blank page", "blank screen", "white page"], language: .en),
        // Going back to an earlier state of a site or a mailbox.
        SynonymGroup(["restore", "roll back", "rollback", "revert"], language: .en),
    ]

    static let germanMore: [SynonymGroup] = [
        SynonymGroup(["Webhosting", "Web-Hosting", "Hosting", "Webspace"], language: .de),
        SynonymGroup(["Domain", "Domainname", "Domäne", "Domänenname"], language: .de),
        SynonymGroup(["Datenbank", "DB"], language: .de),
        SynonymGroup(["SSL-Zertifikat", "TLS-Zertifikat", "HTTPS-Zertifikat", "Sicherheitszertifikat", "Verbindung ist nicht privat"], language: .de),
        // German hosters call the FTP login a "FTP-Zugang" as often as a "FTP-Konto".
        SynonymGroup(["FTP-Konto", "FTP-Benutzer", "FTP-Zugang", "FTP-Account"], language: .de),
        // The zone is its records: "DNS-Zone bearbeiten" and "DNS-Einträge bearbeiten" are one task.
        SynonymGroup(["DNS-Zone", "DNS-Einträge", "DNS-Records", "Zonendatei"], language: .de),
        SynonymGroup(["Nameserver", "Namensserver", "DNS-Server"], language: .de),
        SynonymGroup(["Postfach", "Mailbox", "E-Mail-Konto", "E-Mail-Account", "Mailkonto"], language: .de),
        SynonymGroup(["E-Mail-Weiterleitung", "Mailweiterleitung", "E-Mail-Umleitung"], language: .de),
        SynonymGroup(["SMTP-Server", "Postausgangsserver", "Ausgangsserver", "SMTP"], language: .de),
        SynonymGroup(["Spam", "Junk", "Junk-Mail"], language: .de),
        // Webmail is what a customer who does not know the word calls reading mail in the browser (added in round 7).
        SynonymGroup(["Webmail", "Mails im Browser", "E-Mails im Browser", "Mails online lesen"], language: .de),
        SynonymGroup(["Prepaid-Konto", "Prepaid-Guthaben", "Guthabenkonto", "Guthaben"], language: .de),
        SynonymGroup(["Dauerauftrag", "wiederkehrende Überweisung", "regelmässige Überweisung",
                      "wiederkehrende Zahlung"], language: .de),
        // Customers use both for the provider's letter about an overdue invoice.
        SynonymGroup(["Zahlungserinnerung", "Mahnung"], language: .de),
        // A credit note correcting an invoice; Germany also calls it "Stornorechnung" / "Korrekturrechnung".
        SynonymGroup(["Gutschrift", "Stornorechnung", "Korrekturrechnung"], language: .de),
        SynonymGroup(["offene Rechnung", "unbezahlte Rechnung", "ausstehende Rechnung"], language: .de),
        // Swiss "MWST" and German "MwSt." / "USt." are one tax.
        SynonymGroup(["MWST", "Mehrwertsteuer", "Umsatzsteuer", "USt"], language: .de),
        SynonymGroup(["Kundennummer", "Kundennr", "Kunden-Nr", "Kunden-ID"], language: .de),
        SynonymGroup(["Zahlungsmethode", "Zahlungsart", "Zahlungsmittel", "Zahlungsweise"], language: .de),
        SynonymGroup(["Auth-Code", "Authcode", "EPP-Code", "Transfercode", "Autorisierungscode"], language: .de),
        SynonymGroup(["automatische Verlängerung", "Autoverlängerung", "stillschweigende Verlängerung"],
                     language: .de),
        // Site and mailbox backups; bare "Sicherung" is left out (also "fuse", "saving").
        SynonymGroup(["Backup", "Datensicherung", "Sicherungskopie"], language: .de),
        SynonymGroup(["Support", "Kundendienst", "Kundenservice", "Kundensupport", "Helpdesk", "mit einem Menschen sprechen"], language: .de),
        SynonymGroup(["deaktivieren", "ausschalten", "abschalten"], language: .de),
        // Sender lists and buying a domain, added on 6 December 2026 after the hosting stand-in (docs/benchmarks.md).
        SynonymGroup(["Whitelist", "Positivliste", "Allowlist", "sichere Absender"], language: .de),
        // Blocking a sender, the act customers name, as es, fr and en have it since 6 December (added in round 7).
        SynonymGroup(["Blacklist", "Sperrliste", "Blocklist", "Negativliste", "Absender blockieren", "blockierte Absender"],
                     language: .de),
        SynonymGroup(["Domain registrieren", "Domain kaufen", "Domain bestellen", "Domainregistrierung"], language: .de),
        // The automatic reply while away, as round 6 shipped it in es, fr and en (added in round 7): Outlook's
        // "Abwesenheitsnotiz" / "automatische Antworten", Exchange's "Abwesenheitsassistent", cPanel's "Autoresponder".
        SynonymGroup(["Abwesenheitsnotiz", "Abwesenheitsmeldung", "Abwesenheitsassistent", "automatische Antwort",
                      "Autoresponder", "Out of Office"], language: .de),
        // Added in round 9 (docs/benchmarks.md). The computer a mail program or a tool runs on: guides say "Rechner",
        // "Computer" or "Desktop", customers name their "Laptop", "PC" or "Notebook".
        SynonymGroup(["Computer", "Rechner", "Laptop", "Notebook", "Desktop"], language: .de),
        // Mail the provider sends to sell: guides name the "Newsletter", "Angebote" and "Werbung", customers "Werbemails".
        SynonymGroup(["Newsletter", "Werbung", "Werbemails", "Werbe-E-Mails", "Marketing-E-Mails", "Reklame"],
                     language: .de),
        // A billing period said as an adjective in the guides and as a phrase by customers ("jeden Monat zahlen").
        SynonymGroup(["monatlich", "jeden Monat", "pro Monat", "im Monat"], language: .de),
        SynonymGroup(["jährlich", "jedes Jahr", "pro Jahr", "im Jahr", "einmal im Jahr"], language: .de),
        // Colloquial "bannen" is blocking an address or a user.
        SynonymGroup(["sperren", "blockieren", "bannen"], language: .de),
        // Express, the web framework every Node.js tutorial starts with, and npm, its package manager.
        SynonymGroup(["Node.js", "NodeJS", "Express.js", "Express", "npm"], language: .de),
        // A folder of files on the server is a directory in the panels' words ("Verzeichnisschutz").
        SynonymGroup(["Ordner", "Verzeichnis"], language: .de),
        // A purchase is an order in the shop's words: "mein Kauf hängt" is a pending order.
        SynonymGroup(["Bestellung", "Kauf"], language: .de),
        // The 404 page, as customers name what they see: a broken link, a page that is not found.
        SynonymGroup(["404", "Seite nicht gefunden", "kaputter Link", "toter Link", "defekter Link"], language: .de),
        // The identity documents a fraud check or a registry asks for.
        SynonymGroup(["Ausweis", "Personalausweis", "Identitätsnachweis", "Reisepass", "Ausweisdokument", "ID-Karte"],
                     language: .de),
        // Who receives the invoices for the customer: Germany's "Buchhaltung" or "Steuerberater", Switzerland's "Treuhand".
        SynonymGroup(["Buchhaltung", "Buchhalter", "Steuerberater", "Treuhand", "Treuhänder"], language: .de),
        // The people who work for the customer: a mailbox or an access is "für einen Mitarbeiter", "eines Kollegen".
        SynonymGroup(["Mitarbeiter", "Mitarbeiterin", "Angestellter", "Kollege", "Kollegin", "Mitarbeitende"], language: .de),
        // A site someone broke into: "gehackt", "kompromittiert", "infiziert", "Malware", "Schadsoftware".
        SynonymGroup(["gehackt", "kompromittiert", "infiziert", "Malware", "Schadsoftware", "Hackerangriff"], language: .de),
        // Money given back: "Rückerstattung", "erstatten", "Geld zurück".
        SynonymGroup(["Rückerstattung", "Erstattung", "erstatten", "zurückerstatten", "Geld zurück"], language: .de),
        // Hiding the owner's details from the public WHOIS: each registrar names the service differently.
        SynonymGroup(["WHOIS-Schutz", "WHOIS-Privacy", "Domain-Privacy", "ID-Schutz", "Daten verbergen", "Daten verstecken"],
                     language: .de),
        // Leaving a mailing list: "abbestellen", "austragen" ("abmelden" is signing out, in the group above).
        SynonymGroup(["abbestellen", "austragen", "Abo kündigen"], language: .de),
        // Jobs the server runs on a schedule: the panels' "Cronjob", a customer's "geplante Aufgabe".
        SynonymGroup(["Cronjob", "Cron", "geplante Aufgabe", "zeitgesteuerte Aufgabe", "geplanter Task"], language: .de),
        // A copy of the site to try changes on first.
        SynonymGroup(["Staging", "Testumgebung", "Testseite", "Testkopie"], language: .de),
        // WordPress's "white screen of death", as customers describe it.
        SynonymGroup(["weisse Seite", "weißer Bildschirm", "leere Seite", "weisser Bildschirm"], language: .de),
        // Going back to an earlier state: "ein Backup zurückspielen" is restoring it.
        SynonymGroup(["wiederherstellen", "zurückspielen", "zurückholen"], language: .de),
    ]

    static let italianMore: [SynonymGroup] = [
        // Italian hosters sell hosting as "spazio web".
        SynonymGroup(["hosting", "hosting web", "web hosting", "spazio web"], language: .it),
        SynonymGroup(["nome di dominio", "dominio"], language: .it),
        SynonymGroup(["database", "banca dati", "base di dati", "DB"], language: .it),
        SynonymGroup(["certificato SSL", "certificato TLS", "certificato HTTPS", "certificato di sicurezza", "la connessione non è privata"],
                     language: .it),
        SynonymGroup(["account FTP", "utente FTP", "utenza FTP"], language: .it),
        // The zone is its records: "modificare la zona DNS" and "modificare i record DNS" are one task.
        SynonymGroup(["zona DNS", "record DNS", "file di zona"], language: .it),
        SynonymGroup(["nameserver", "name server", "server DNS", "server dei nomi"], language: .it),
        SynonymGroup(["casella di posta", "casella email", "casella e-mail", "mailbox",
                      "account di posta"], language: .it),
        SynonymGroup(["inoltro email", "inoltro e-mail", "inoltro posta", "reindirizzamento email"], language: .it),
        // Webmail is what a customer who does not know the word calls reading mail in the browser (added in round 7).
        SynonymGroup(["webmail", "posta web", "posta nel browser", "email nel browser", "posta dal browser"], language: .it),
        SynonymGroup(["server SMTP", "server in uscita", "SMTP"], language: .it),
        SynonymGroup(["spam", "posta indesiderata", "posta spazzatura"], language: .it),
        SynonymGroup(["conto prepagato", "saldo prepagato", "credito prepagato"], language: .it),
        // "Bonifico periodico/ricorrente" (Italy) and "ordine permanente" (Switzerland) are the same bank order.
        SynonymGroup(["ordine permanente", "ordine di pagamento permanente", "bonifico permanente",
                      "bonifico periodico", "bonifico ricorrente", "pagamento ricorrente"], language: .it),
        SynonymGroup(["sollecito", "sollecito di pagamento", "promemoria di pagamento"], language: .it),
        SynonymGroup(["nota di credito", "nota di accredito"], language: .it),
        SynonymGroup(["numero cliente", "numero di cliente", "codice cliente", "ID cliente", "identificativo cliente"], language: .it),
        SynonymGroup(["metodo di pagamento", "modalità di pagamento", "mezzo di pagamento", "forma di pagamento"],
                     language: .it),
        SynonymGroup(["codice EPP", "codice AuthInfo", "codice di autorizzazione", "codice di trasferimento",
                      "auth code", "authcode"], language: .it),
        SynonymGroup(["rinnovo automatico", "autorinnovo", "tacito rinnovo", "rinnovo tacito"], language: .it),
        // Site backups; "codici di backup" (2FA) keep matching literally.
        SynonymGroup(["backup", "copia di backup", "copia di sicurezza"], language: .it),
        // Phrases only: bare "supporto" is also "support for" ("supporto di PHP 8").
        // "Contattare l'assistenza", the act, as es, fr and en have it since round 6 (added in round 7).
        SynonymGroup(["assistenza clienti", "servizio clienti", "supporto tecnico", "assistenza tecnica",
                      "customer care", "helpdesk", "contattare l'assistenza", "contattare il supporto",
                      "parlare con un operatore", "parlare con una persona"], language: .it),
        SynonymGroup(["disattivare", "disabilitare"], language: .it),
        SynonymGroup(["password dimenticata", "password persa", "password smarrita"], language: .it),
        // Sender lists and buying a domain, added on 6 December 2026 after the hosting stand-in (docs/benchmarks.md).
        SynonymGroup(["whitelist", "lista bianca", "mittenti attendibili", "mittenti sicuri"], language: .it),
        // Blocking a sender, the act customers name, as es, fr and en have it since 6 December (added in round 7).
        SynonymGroup(["blacklist", "lista nera", "mittenti bloccati", "lista di blocco", "bloccare un mittente"], language: .it),
        SynonymGroup(["registrare un dominio", "comprare un dominio", "acquistare un dominio", "ordinare un dominio",
                      "registrazione di un dominio"],
                     language: .it),
        // The automatic reply while away, as round 6 shipped it in es, fr and en (added in round 7): Outlook's "risposte
        // automatiche" / "fuori sede", cPanel's "autorisponditore", webmail's "messaggio di assenza".
        SynonymGroup(["risposta automatica", "risponditore automatico", "autorisponditore", "messaggio di assenza",
                      "risposta di assenza", "fuori sede", "fuori ufficio", "out of office"], language: .it),
        // Added in round 9 (docs/benchmarks.md). The computer a mail program or a tool runs on: guides say "computer",
        // customers name their "PC", "portatile" or "laptop".
        SynonymGroup(["computer", "portatile", "laptop", "notebook"], language: .it),
        // Mail the provider sends to sell: guides name the "newsletter" and "offerte", customers "la pubblicità".
        SynonymGroup(["newsletter", "pubblicità", "email pubblicitarie", "email promozionali", "comunicazioni commerciali",
                      "offerte commerciali"], language: .it),
        // A billing period said as an adjective in the guides and as a phrase by customers ("pagare ogni mese").
        SynonymGroup(["mensile", "mensilmente", "ogni mese", "al mese"], language: .it),
        SynonymGroup(["annuale", "annualmente", "annuo", "ogni anno", "all'anno"], language: .it),
        // Colloquial "bannare" is blocking an address or a user.
        SynonymGroup(["bloccare", "bannare"], language: .it),
        // "Riavere" (get back) is recovering what was lost or deleted.
        SynonymGroup(["recuperare", "riavere"], language: .it),
        // Express, the web framework every Node.js tutorial starts with, and npm, its package manager.
        SynonymGroup(["Node.js", "NodeJS", "Express.js", "Express", "npm"], language: .it),
        // A folder of files on the server is a directory in the panels' words ("directory protette").
        SynonymGroup(["cartella", "directory"], language: .it),
        // A purchase is an order in the shop's words: "acquisto fermo" is a pending order.
        SynonymGroup(["ordine", "acquisto"], language: .it),
        // The 404 page, as customers name what they see: a broken link, a page that is not found.
        SynonymGroup(["404", "pagina non trovata", "link rotto", "link non funzionante", "collegamento interrotto"],
                     language: .it),
        // The identity documents a fraud check or a registry asks for.
        SynonymGroup(["documento d'identità", "carta d'identità", "passaporto", "documento di riconoscimento"],
                     language: .it),
        // The people who work for the customer: a mailbox or an access is "per un dipendente", "di un collega".
        SynonymGroup(["dipendente", "collaboratore", "collega", "impiegato"], language: .it),
        // A site someone broke into: "hackerato", "violato", "infetto", "compromesso", "malware".
        SynonymGroup(["hackerato", "violato", "infetto", "compromesso", "malware", "attacco hacker"], language: .it),
        // Money given back: "rimborso", "rimborsare", "riavere i soldi".
        SynonymGroup(["rimborso", "rimborsare", "soldi indietro", "riavere i soldi"], language: .it),
        // Hiding the owner's details from the public WHOIS: each registrar names the service differently.
        SynonymGroup(["privacy WHOIS", "protezione WHOIS", "protezione della privacy", "nascondere i miei dati",
                      "oscurare i dati"], language: .it),
        // Leaving a mailing list: "disiscriversi", "annullare l'iscrizione", "cancellarsi".
        SynonymGroup(["disiscriversi", "disiscrizione", "annullare l'iscrizione", "cancellarsi dalla newsletter"],
                     language: .it),
        // Jobs the server runs on a schedule: the panels' "cron", a customer's "attività pianificata".
        SynonymGroup(["cron", "cronjob", "attività pianificata", "operazione pianificata", "task pianificato"], language: .it),
        // A copy of the site to try changes on first.
        SynonymGroup(["staging", "ambiente di test", "sito di prova", "copia di prova", "sito di test"], language: .it),
        // WordPress's "white screen of death", as customers describe it.
        SynonymGroup(["pagina bianca", "schermata bianca", "pagina vuota", "schermo bianco"], language: .it),
        // Going back to an earlier state of a site or a mailbox; not "tornare indietro", which is also mail bouncing.
        SynonymGroup(["ripristinare", "tornare alla versione precedente"], language: .it),
    ]
}

extension DefaultSynonyms {
    /// Round 10: WHM ("WebHost Manager") is the server-side half of cPanel, which customers name when they want cPanel on
    /// their own server ("want whm on my vps"); guides on panel licences say cPanel. For every language: both are names.
    /// Customers say "VPS" whatever the provider calls the product ("virtual server", "cloud server", "serveur virtuel",
    /// "servidor cloud", "vServer"), and "OS" for the operating system (not in Spanish, where "os" is a pronoun). German
    /// customers call the website "Homepage", "Webseite", "Internetseite" or "Webauftritt", whichever word the guide uses.
    /// Free-trial and cybersquatting groups were tried in five languages and moved no question of any set, so they are
    /// not shipped.
    static let panels: [SynonymGroup] = [
        SynonymGroup(["WHM", "cPanel"]),
        SynonymGroup(["VPS", "virtual server", "virtual private server", "cloud server"], language: .en),
        SynonymGroup(["VPS", "servidor virtual", "servidor privado virtual", "servidor cloud", "servidor en la nube"], language: .es),
        SynonymGroup(["VPS", "serveur virtuel", "serveur privé virtuel", "serveur cloud"], language: .fr),
        SynonymGroup(["VPS", "virtueller Server", "vServer", "Cloud-Server"], language: .de),
        SynonymGroup(["VPS", "server virtuale", "server privato virtuale", "server cloud"], language: .it),
        SynonymGroup(["OS", "operating system"], language: .en),
        SynonymGroup(["OS", "système d'exploitation"], language: .fr),
        SynonymGroup(["OS", "Betriebssystem"], language: .de),
        SynonymGroup(["OS", "sistema operativo"], language: .it),
        SynonymGroup(["identifiant client", "numéro client", "numéro de client", "ID client"], language: .fr),
        // "Gratis" is the everyday word for what guides call free of charge (kostenlos, gratuito, gratuit).
        SynonymGroup(["kostenlos", "gratis", "umsonst"], language: .de),
        SynonymGroup(["gratis", "gratuito", "sin coste", "sin costo"], language: .es),
        SynonymGroup(["gratis", "gratuito", "gratuitamente"], language: .it),
        SynonymGroup(["gratuit", "gratis", "gratuitement"], language: .fr),
        // Everyday verbs for sending mail that guides replace by the standard one. German "schicken" / "versenden" ~
        // "senden" was tried and left out: "senden" is also the mail program's button, and two German sets lost a question.
        SynonymGroup(["enviar", "mandar"], language: .es),
        SynonymGroup(["envoyer", "expédier"], language: .fr),
        SynonymGroup(["inviare", "mandare", "spedire"], language: .it),
        SynonymGroup(["Website", "Webseite", "Homepage", "Internetseite", "Webauftritt"], language: .de),
    ]
}
