import Foundation
import KontorDomain
import KontorMail
import Logging

extension AppConfig {
    /// Reads the configuration from `environment`, filling gaps from the `.env` file at `dotEnvPath`.
    /// Variables already set in the environment win over `.env`; `serve --hostname/--port` (`listening`) win over both,
    /// as they do for the server itself, so the default public URL names the address actually served.
    public static func load(environment: [String: String], dotEnvPath: String? = ".env", isProduction: Bool,
                            listening: ListenAddress = ListenAddress()) throws -> AppConfig {
        var env = dotEnvPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }.map(parseDotEnv) ?? [:]
        env.merge(environment) { _, process in process }
        func value(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let raw = value(name) else { return fallback }
            guard let number = Int(raw), range.contains(number) else {
                throw ConfigurationError(variable: name, problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(raw)'")
            }
            return number
        }

        let database: DatabaseChoice
        if let url = value("DATABASE_URL") {
            try checkPostgresURL(url)
            database = .postgres(url: url, schema: value("KONTOR_DATABASE_SCHEMA"))
        } else {
            let path = value("KONTOR_DATABASE_PATH") ?? defaultSQLiteFile
            try checkSQLitePath(path)
            database = .sqlite(path: path)
        }

        let port = try listening.port ?? integer("KONTOR_PORT", default: 8080, range: 1...65535)
        let hostname = listening.hostname ?? value("KONTOR_HOST") ?? "127.0.0.1"
        let publicURLText = value("KONTOR_PUBLIC_URL") ?? "http://\(hostname):\(port)"
        guard let publicURL = URL(string: publicURLText), let scheme = publicURL.scheme, ["http", "https"].contains(scheme),
              publicURL.host != nil else {
            throw ConfigurationError(variable: "KONTOR_PUBLIC_URL", problem: "must be an http:// or https:// URL, got '\(publicURLText)'")
        }

        let secretKey: [UInt8]
        if let hex = value("KONTOR_SECRET_KEY") {
            guard let bytes = bytes(fromHex: hex), bytes.count == 32 else {
                throw ConfigurationError(variable: "KONTOR_SECRET_KEY", problem: "must be 64 hexadecimal characters (32 bytes); make one with `openssl rand -hex 32`")
            }
            secretKey = bytes
        } else if isProduction {
            throw ConfigurationError(variable: "KONTOR_SECRET_KEY", problem: "is required in production; make one with `openssl rand -hex 32`")
        } else if case .sqlite(let path) = database {
            secretKey = try SecretKeyFile(path: path + ".secret").loadOrCreate()
        } else {
            throw ConfigurationError(variable: "KONTOR_SECRET_KEY", problem: "is required with PostgreSQL so that every server shares it")
        }

        var secureCookies = scheme == "https"
        if let raw = value("KONTOR_SECURE_COOKIES") {
            guard let flag = Bool(raw.lowercased()) else {
                throw ConfigurationError(variable: "KONTOR_SECURE_COOKIES", problem: "must be true or false, got '\(raw)'")
            }
            secureCookies = flag
        }

        var smtp: SMTPConfiguration?
        if let host = value("SMTP_HOST") {
            smtp = SMTPConfiguration(
                host: host, port: try integer("SMTP_PORT", default: 25, range: 1...65535),
                username: value("SMTP_USERNAME"), password: value("SMTP_PASSWORD"),
                heloName: publicURL.host ?? "kontor.local")
        }
        let mailFrom = value("SMTP_FROM") ?? "Kontor <no-reply@\(publicURL.host ?? "localhost")>"
        guard mailFrom.contains("@") else {
            throw ConfigurationError(variable: "SMTP_FROM", problem: "must be an e-mail address, got '\(mailFrom)'")
        }

        let defaultLanguage: Language
        switch Language.parse(value("KONTOR_DEFAULT_LANGUAGE") ?? "en") {
        case .success(let language): defaultLanguage = language
        case .failure: throw ConfigurationError(variable: "KONTOR_DEFAULT_LANGUAGE", problem: "must be one of es, fr, en, de, it")
        }

        var sms = SMSConfiguration.log
        if let raw = value("KONTOR_SMS_WEBHOOK_URL") {
            guard let url = URL(string: raw), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw ConfigurationError(variable: "KONTOR_SMS_WEBHOOK_URL", problem: "must be an http:// or https:// URL, got '\(raw)'")
            }
            if isProduction, scheme != "https", !["127.0.0.1", "localhost", "::1"].contains(url.host ?? "") {
                throw ConfigurationError(variable: "KONTOR_SMS_WEBHOOK_URL", problem: "must use https:// in production unless it is on this machine")
            }
            let secret = value("KONTOR_SMS_WEBHOOK_SECRET")
            if let secret, secret.count < 16 {
                throw ConfigurationError(variable: "KONTOR_SMS_WEBHOOK_SECRET", problem: "must be at least 16 characters (openssl rand -hex 24)")
            }
            if secret == nil, isProduction {
                // Said, not refused: an installation that ran without one keeps running (security probe round 5).
                Logger(label: "kontor.config").warning("KONTOR_SMS_WEBHOOK_SECRET is not set: the SMS gateway cannot tell that the sign-in codes it is sent come from Kontor. Set one (openssl rand -hex 24) and check X-Kontor-Signature there.")
            }
            sms = .webhook(url: url, secret: secret)
        } else if let path = value("KONTOR_SMS_FILE") {
            sms = .file(path: path)
        }

        var config = AppConfig(
            database: database, hostname: hostname, port: port, publicURL: publicURL, secretKey: secretKey,
            secureCookies: secureCookies, smtp: smtp, mailFrom: mailFrom,
            mailPollSeconds: try integer("KONTOR_MAIL_POLL_SECONDS", default: 5, range: 1...3600),
            sessionIdleMinutes: try integer("KONTOR_SESSION_IDLE_MINUTES", default: 30, range: 1...1440),
            sessionAbsoluteHours: try integer("KONTOR_SESSION_ABSOLUTE_HOURS", default: 12, range: 1...720),
            defaultLanguage: defaultLanguage, providerName: value("KONTOR_PROVIDER_NAME") ?? "Kontor",
            isProduction: isProduction)
        config.sms = sms
        if value("KONTOR_DATABASE_CONNECTIONS") != nil {
            config.databaseConnections = try integer("KONTOR_DATABASE_CONNECTIONS", default: 0, range: 1...1000)
        }
        config.mailRetryHours = try integer("KONTOR_MAIL_RETRY_HOURS", default: 72, range: 1...720)
        if let proxies = value("KONTOR_TRUSTED_PROXIES") { config.trustedProxies = try TrustedProxies.parse(proxies).get() }
        if let header = value("KONTOR_TRUSTED_PROXY_HEADER") { config.trustedProxies.header = try TrustedProxies.header(header).get() }
        if let token = value("KONTOR_METRICS_TOKEN") {
            guard token.count >= 16, token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw ConfigurationError(variable: "KONTOR_METRICS_TOKEN", problem: "must be at least 16 characters without spaces (openssl rand -hex 24)")
            }
            config.metricsToken = token
        } else if isProduction {
            // Without a token /metrics answers direct loopback connections: a reverse proxy on this machine that adds no
            // forwarding header hands it the internet's requests from loopback (security probe round 5).
            Logger(label: "kontor.config").warning("KONTOR_METRICS_TOKEN is not set: /metrics answers connections from this machine, including a reverse proxy on it that does not send X-Forwarded-For. Set KONTOR_METRICS_TOKEN (openssl rand -hex 24).")
        }
        for name in ["KONTOR_SUPPORT_EMAIL", "KONTOR_PREMIUM_SUPPORT_EMAIL"] {
            if let address = value(name), case .failure = EmailAddress.parse(address) {
                throw ConfigurationError(variable: name, problem: "must be an e-mail address, got '\(address)'")
            }
        }
        config.supportContacts = SupportContacts(
            email: value("KONTOR_SUPPORT_EMAIL"), phone: value("KONTOR_SUPPORT_PHONE"), hours: value("KONTOR_SUPPORT_HOURS"),
            premiumEmail: value("KONTOR_PREMIUM_SUPPORT_EMAIL"), premiumPhone: value("KONTOR_PREMIUM_SUPPORT_PHONE"))
        config.identityDocumentRetentionDays = try integer("KONTOR_IDENTITY_RETENTION_DAYS", default: 30, range: 1...365)
        if let country = value("KONTOR_PROVIDER_COUNTRY") {
            guard PostalAddress.countryCodes.contains(country.uppercased()) else {
                throw ConfigurationError(variable: "KONTOR_PROVIDER_COUNTRY", problem: "must be an ISO 3166-1 alpha-2 country code such as CH, got '\(country)'")
            }
            config.providerCountry = country.uppercased()
        }
        config.renewals.graceDays = try integer("KONTOR_RENEWAL_GRACE_DAYS", default: 15, range: RenewalPolicy.graceRange)
        config.renewals.retentionDays = try integer("KONTOR_RENEWAL_RETENTION_DAYS", default: 30, range: RenewalPolicy.retentionRange)
        config.billing = try BillingConfiguration.load(value, isProduction: isProduction, providerName: config.providerName)
        if let raw = value("KONTOR_ALLOW_TEST_STATEMENTS") {
            guard let allowed = Bool(raw.lowercased()) else {
                throw ConfigurationError(variable: "KONTOR_ALLOW_TEST_STATEMENTS", problem: "must be true or false, got '\(raw)'")
            }
            config.allowTestStatements = allowed
        }
        // Below Kontor's own idle timeout (30 s), so the answer comes before the connection is closed.
        config.statementImports.waitSeconds = try integer("KONTOR_STATEMENT_IMPORT_WAIT_SECONDS", default: 20, range: 0...25)
        config.statementImports.staleMinutes = try integer("KONTOR_STATEMENT_IMPORT_STALE_MINUTES", default: 10, range: 1...1440)
        if let raw = value("KONTOR_PHP_VERSIONS") {
            let versions = raw.split(separator: ",").map { PHPVersion(String($0)) }
            guard !versions.isEmpty, versions.allSatisfy({ $0 != nil }) else {
                throw ConfigurationError(variable: "KONTOR_PHP_VERSIONS", problem: "must be PHP release lines separated by commas, such as 8.2,8.3,8.4, got '\(raw)'")
            }
            config.phpVersions = Array(Set(versions.compactMap { $0 })).sorted()
        }
        return config
    }

    /// `KEY=value` lines; `#` comments; optional single or double quotes around the value.
    static func parseDotEnv(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            result[key] = value
        }
        return result
    }

    static func bytes(fromHex hex: String) -> [UInt8]? {
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
