/// The rules for a site's environment variables ("Avanzar con las variables de entorno" in the seed guide), which the
/// hosting hands to PHP and CGI scripts through Apache (`SetEnv`) and PHP-FPM (`env[NAME] = value`).
public enum EnvironmentVariableRules {
    /// At most this many variables per site: a pool configuration, not a data store.
    public static let maximumCount = 50
    /// A value's size in UTF-8 bytes. Apache's configuration lines are limited to 8 KB (`MAX_STRING_LEN`); 4 KB leaves
    /// room for the name and the directive.
    public static let maximumValueBytes = 4_096
    /// Long enough for any real name, short enough to show in a table.
    public static let maximumNameLength = 128

    /// Names set by the web server, PHP or the system that a site's variable must not replace, compared without
    /// regard to case (PHP-FPM and Apache treat `Http_Proxy` and `HTTP_PROXY` alike for some of them, and a lowercase
    /// `http_proxy` is read by curl — the "httpoxy" hole, CVE-2016-5385):
    /// - the CGI/1.1 meta-variables of RFC 3875 §4.1 (`AUTH_TYPE` … `SERVER_SOFTWARE`);
    /// - the variables Apache httpd adds for every request (its "Environment Variables in Apache" page and
    ///   `ap_add_common_vars`/`ap_add_cgi_vars`: `DOCUMENT_ROOT`, `REQUEST_URI`, `SCRIPT_FILENAME`, `HTTPS`, …);
    /// - what the login environment and the dynamic loader read (POSIX.1-2017 "Environment Variables" §8.3 and
    ///   ld.so(8): `PATH`, `HOME`, `SHELL`, `IFS`, `TMPDIR`, `LD_PRELOAD`, …), because replacing them changes which
    ///   programs and libraries a script runs;
    /// - glibc's other "unsecure" variables, those it drops for set-user-ID programs (`UNSECURE_ENVVARS`:
    ///   `GCONV_PATH` loads conversion modules from a path, `GLIBC_TUNABLES`, `LOCPATH`, `MALLOC_*`, the resolver's
    ///   `HOSTALIASES`, `RES_OPTIONS` …), and the shell's start-up hooks (`SHELLOPTS` with `PS4` runs a command in every
    ///   bash child, `BASHOPTS`, `PROMPT_COMMAND`) — security probe round 9;
    /// - PHP's own (`PHPRC`, `PHP_INI_SCAN_DIR` choose the php.ini that would enforce the hosting's limits).
    ///
    /// Interpreters' own options (`NODE_OPTIONS`, `PYTHONPATH`, `PERL5LIB`, `RUBYOPT`, `JAVA_TOOL_OPTIONS`) stay free, on
    /// purpose: they change only the site's own programs, which run as the customer, and setting them (a Node.js heap
    /// size, an application's module path) is what a site's variables are for.
    public static let reservedNames: Set<String> = [
        // RFC 3875 §4.1
        "AUTH_TYPE", "CONTENT_LENGTH", "CONTENT_TYPE", "GATEWAY_INTERFACE", "PATH_INFO", "PATH_TRANSLATED", "QUERY_STRING",
        "REMOTE_ADDR", "REMOTE_HOST", "REMOTE_IDENT", "REMOTE_USER", "REQUEST_METHOD", "SCRIPT_NAME",
        // Apache httpd
        "DOCUMENT_ROOT", "CONTEXT_DOCUMENT_ROOT", "CONTEXT_PREFIX", "REQUEST_URI", "REQUEST_SCHEME", "REQUEST_TIME",
        "REQUEST_TIME_FLOAT", "SCRIPT_FILENAME", "SCRIPT_URI", "SCRIPT_URL", "REMOTE_PORT", "HTTPS", "UNIQUE_ID",
        // POSIX and the loader
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "PWD", "OLDPWD", "IFS", "ENV", "BASH_ENV", "TMPDIR", "HOSTNAME",
        "NLSPATH",
        // glibc's UNSECURE_ENVVARS (besides LD_*, MALLOC_* and the above) and the shell's start-up hooks
        "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES", "LOCALDOMAIN", "LOCPATH", "NIS_PATH", "RES_OPTIONS",
        "RESOLV_HOST_CONF", "TZDIR", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND",
        // PHP
        "PHPRC",
    ]

    /// Whole families: request headers (`HTTP_*`, RFC 3875 §4.1.18), the server's (`SERVER_*`), PHP's (`PHP_*`,
    /// `PHP_AUTH_PW`, `PHP_SELF`), Apache's after an internal redirect (`REDIRECT_*`) and mod_ssl's (`SSL_*`), and the
    /// loader's (`LD_*`) and glibc's allocator's (`MALLOC_*`). The locale (`LANG`, `LC_*`) and `TZ` stay free: choosing
    /// them is a site's own business.
    public static let reservedPrefixes = ["HTTP_", "SERVER_", "PHP_", "REDIRECT_", "SSL_", "LD_", "MALLOC_"]

    public static func isReserved(_ name: String) -> Bool {
        let upper = name.uppercased()
        return reservedNames.contains(upper) || reservedPrefixes.contains { upper.hasPrefix($0) }
    }

    /// A POSIX portable name (`[A-Za-z_][A-Za-z0-9_]*`, POSIX.1-2017 §8.1) that is not reserved.
    public static func checkName(_ raw: String?, field: String = "name") -> Result<String, FieldError> {
        let name = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return .failure(FieldError(field: field, messageKey: "error.required")) }
        guard name.count <= maximumNameLength else { return .failure(FieldError(field: field, messageKey: "error.env.name_too_long", arguments: ["length": String(maximumNameLength)])) }
        guard let first = name.first, first.isASCII, first.isLetter || first == "_",
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            return .failure(FieldError(field: field, messageKey: "error.env.name"))
        }
        guard !isReserved(name) else { return .failure(FieldError(field: field, messageKey: "error.env.name_reserved")) }
        return .success(name)
    }

    /// A value fits on one configuration line: no line breaks or other control characters (a newline would start a
    /// directive of its own in the pool file), at most `maximumValueBytes`. An empty value is allowed.
    public static func checkValue(_ raw: String?, field: String = "value") -> Result<String, FieldError> {
        let value = raw ?? ""
        guard value.utf8.count <= maximumValueBytes else { return .failure(FieldError(field: field, messageKey: "error.env.value_too_long", arguments: ["bytes": String(maximumValueBytes)])) }
        // U+2028/U+2029 too: editors and some parsers break lines there.
        guard !value.unicodeScalars.contains(where: { [.control, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory) }) else {
            return .failure(FieldError(field: field, messageKey: "error.env.value_control"))
        }
        return .success(value)
    }

    /// Whether one more variable may be added to a site holding `count`.
    public static func checkRoom(count: Int, field: String = "name") -> Result<Void, FieldError> {
        count < maximumCount ? .success(()) : .failure(FieldError(field: field, messageKey: "error.env.too_many", arguments: ["limit": String(maximumCount)]))
    }
}
