import KontorDomain
import Testing

@Suite("Hosting sites: MySQL names with the prefix option on and off, environment variables, PHP versions, domains")
struct HostingSitesTests {
    let prefix = MySQLServerPrefix("wxyz")!

    @Test("a script writes the short name with the option on and the prefixed one with it off (seed: mabase / wxyz_mabase)")
    func scriptNames() throws {
        let database = try MySQLObjectName.parse("mabase", kind: .database, prefix: prefix).get()
        let user = try MySQLObjectName.parse("monuser", kind: .user, prefix: prefix).get()
        #expect(database.scriptNames(prefix: prefix) == .init(withOptionOn: "mabase", withOptionOff: "wxyz_mabase"))
        #expect(user.scriptNames(prefix: prefix).name(optionEnabled: false) == "wxyz_monuser")
        #expect(user.scriptNames(prefix: prefix).name(optionEnabled: true) == "monuser")
        #expect(database.fullName(prefix: prefix) == prefix.effectiveName("mabase", optionEnabled: true),
                "the name the option reaches is the server's name")
    }

    @Test("the prefixed name must fit MySQL's limits: 64 characters for a database, 32 for a user")
    func lengthLimits() throws {
        #expect(MySQLObjectName.maximumLength(.database, prefix: prefix) == 59)
        #expect(MySQLObjectName.maximumLength(.user, prefix: prefix) == 27)
        let longest = try MySQLObjectName.parse(String(repeating: "a", count: 59), kind: .database, prefix: prefix).get()
        #expect(longest.fullName(prefix: prefix).count == 64)
        #expect(MySQLObjectName.parse(String(repeating: "a", count: 60), kind: .database, prefix: prefix)
                == .failure(FieldError(field: "name", messageKey: "error.sites.database_name_length")))
        let user = try MySQLObjectName.parse(String(repeating: "u", count: 27), kind: .user, prefix: prefix).get()
        #expect(user.fullName(prefix: prefix).count == 32)
        #expect(MySQLObjectName.parse(String(repeating: "u", count: 28), kind: .user, prefix: prefix)
                == .failure(FieldError(field: "name", messageKey: "error.sites.user_name_length")))
        let longPrefix = MySQLServerPrefix("abcdefgh")!
        #expect(MySQLObjectName.maximumLength(.user, prefix: longPrefix) == 23, "a longer server prefix leaves less room")
    }

    @Test("names are lowercase ASCII letters, digits and underscores, and never start with the prefix", arguments: [
        ("mabase", nil), ("db_2026", nil), ("2026db", nil), ("MaBase", "error.sites.mysql_name"), ("_db", "error.sites.mysql_name"),
        ("a", "error.sites.mysql_name"), ("ma-base", "error.sites.mysql_name"), ("mabäse", "error.sites.mysql_name"), ("ma base", "error.sites.mysql_name"),
        ("wxyz_mabase", "error.sites.mysql_name_prefixed"), ("", "error.required"),
    ] as [(String, String?)])
    func nameRules(raw: String, error: String?) {
        switch MySQLObjectName.parse(raw, kind: .database, prefix: prefix) {
        case .success(let name): #expect(error == nil && name.value == raw)
        case .failure(let failure): #expect(failure.messageKey == error)
        }
    }

    @Test("variable names are POSIX portable names", arguments: [
        ("APP_ENV", nil), ("_private", nil), ("db2", nil), ("2DB", "error.env.name"), ("APP-ENV", "error.env.name"), ("CAFÉ", "error.env.name"),
        ("A B", "error.env.name"), ("", "error.required"),
    ] as [(String, String?)])
    func variableNames(raw: String, error: String?) {
        switch EnvironmentVariableRules.checkName(raw) {
        case .success(let name): #expect(error == nil && name == raw)
        case .failure(let failure): #expect(failure.messageKey == error)
        }
    }

    @Test("names the server, PHP or the system set are refused, in any case, whole families included", arguments: [
        "PATH", "HOME", "path", "DOCUMENT_ROOT", "HTTP_PROXY", "http_proxy", "HTTP_HOST", "SERVER_NAME", "SERVER_ANYTHING",
        "PHP_VALUE", "PHP_ADMIN_VALUE", "PHPRC", "LD_PRELOAD", "REDIRECT_STATUS", "SSL_CLIENT_CERT", "REMOTE_ADDR", "QUERY_STRING",
        "SCRIPT_FILENAME", "GATEWAY_INTERFACE", "HTTPS", "IFS",
        "GCONV_PATH", "GLIBC_TUNABLES", "LOCPATH", "MALLOC_CHECK_", "malloc_trace", "HOSTALIASES", "RES_OPTIONS", "SHELLOPTS", "PS4",
    ])
    func reserved(name: String) {
        #expect(EnvironmentVariableRules.checkName(name) == .failure(FieldError(field: "name", messageKey: "error.env.name_reserved")))
    }

    @Test("a site's own choices stay free: the locale, the time zone, names that only contain a reserved word")
    func notReserved() {
        for name in ["LANG", "LC_ALL", "TZ", "APP_PATH", "MY_HOME", "HTTPCLIENT_TIMEOUT", "DATABASE_URL", "NODE_OPTIONS", "PYTHONPATH"] {
            #expect((try? EnvironmentVariableRules.checkName(name).get()) == name)
        }
    }

    @Test("a name is at most 128 characters; a value at most 4,096 UTF-8 bytes, on one line; the limits fill the messages")
    func limits() {
        #expect((try? EnvironmentVariableRules.checkName(String(repeating: "A", count: 128)).get()) != nil)
        #expect(EnvironmentVariableRules.checkName(String(repeating: "A", count: 129)) == .failure(FieldError(field: "name", messageKey: "error.env.name_too_long", arguments: ["length": "128"])))
        #expect((try? EnvironmentVariableRules.checkValue(String(repeating: "x", count: 4_096)).get()) != nil)
        let tooLong = FieldError(field: "value", messageKey: "error.env.value_too_long", arguments: ["bytes": "4096"])
        #expect(EnvironmentVariableRules.checkValue(String(repeating: "x", count: 4_097)) == .failure(tooLong))
        #expect(EnvironmentVariableRules.checkValue(String(repeating: "é", count: 2_049)) == .failure(tooLong),
                "bytes, not characters: é is two")
        for bad in ["a\nPHP_VALUE=x", "a\rb", "a\u{0}b", "tab\there", "line\u{2028}separator", "para\u{2029}graph"] {
            #expect(EnvironmentVariableRules.checkValue(bad) == .failure(FieldError(field: "value", messageKey: "error.env.value_control")))
        }
        #expect((try? EnvironmentVariableRules.checkValue("").get()) == "", "an empty value is a value")
        #expect((try? EnvironmentVariableRules.checkValue("p@ss word=;'\"").get()) != nil)
    }

    @Test("a site holds at most 50 variables")
    func count() {
        #expect((try? EnvironmentVariableRules.checkRoom(count: 49).get()) != nil)
        guard case .failure(let error) = EnvironmentVariableRules.checkRoom(count: 50) else { Issue.record("the 51st was accepted"); return }
        #expect(error == FieldError(field: "name", messageKey: "error.env.too_many", arguments: ["limit": "50"]))
    }

    @Test("PHP versions are release lines, chosen among those offered")
    func phpVersions() {
        let offered = ["8.1", "8.2", "8.3"].compactMap(PHPVersion.init)
        #expect(PHPVersion.choose("8.3", among: offered) == .success(PHPVersion("8.3")!))
        #expect(PHPVersion.choose("7.4", among: offered) == .failure(FieldError(field: "php_version", messageKey: "error.sites.php_version")))
        #expect(PHPVersion.choose("8.3.1", among: offered) == .failure(FieldError(field: "php_version", messageKey: "error.sites.php_version")))
        #expect(PHPVersion.choose(nil, among: offered) == .failure(FieldError(field: "php_version", messageKey: "error.required")))
        #expect(PHPVersion("8.10")! > PHPVersion("8.9")!)
    }

    @Test("a site's domain is a host name", arguments: [
        ("www.example.ch", "www.example.ch"), ("Example.CH.", "example.ch"), ("xn--bcher-kva.ch", "xn--bcher-kva.ch"),
        ("example", nil), ("-a.ch", nil), ("a..ch", nil), ("bücher.ch", nil), ("a_b.ch", nil), ("1.2.3.4", nil),
    ] as [(String, String?)])
    func domains(raw: String, expected: String?) {
        #expect((try? SiteDomainName.parse(raw).get())?.value == expected)
    }

    @Test("legal representatives and administrators manage every product; a plain user only one granted to them")
    func access() {
        #expect(ProductAccess.mayManage(role: .administrator, hasProductGrant: false))
        #expect(ProductAccess.mayManage(role: .legalRepresentative, hasProductGrant: false))
        #expect(!ProductAccess.mayManage(role: .user, hasProductGrant: false))
        #expect(ProductAccess.mayManage(role: .user, hasProductGrant: true))
        #expect(OrganizationRole.allCases.filter(ProductAccess.mayReceiveGrant) == [.user])
    }
}
