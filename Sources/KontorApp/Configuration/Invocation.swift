/// What the command line asks for, read before anything is built: help needs neither configuration nor database, and
/// `serve`'s own address decides the default public URL. Flags are read the way ConsoleKit reads them (first one wins).
struct Invocation: Equatable {
    /// The arguments for the commands, executable first (`kontor help serve` becomes `kontor serve --help`).
    let arguments: [String]
    /// `--help`, `-h` or the `help` command: print usage, touching neither configuration nor database.
    let wantsHelp: Bool
    /// Where `serve` was told to listen; empty for other commands.
    let listening: ListenAddress

    init(arguments: [String]) throws(InvocationError) {
        let executable = arguments.first ?? "kontor"
        var rest = Array(arguments.dropFirst())
        let globalFlags: Set<String> = ["-n", "--no", "-y", "--yes", "--autocomplete"]
        let command = rest.first { !$0.hasPrefix("-") }
        if command == "help", let index = rest.firstIndex(of: "help") {
            rest.remove(at: index)
            rest.append("--help")
        }
        self.arguments = [executable] + rest
        wantsHelp = rest.contains("--help") || rest.contains("-h")
        listening = wantsHelp || rest.first(where: { !globalFlags.contains($0) }) != "serve" ? ListenAddress() : try Self.serveAddress(rest)
    }

    /// `--hostname`/`-H` and `--port`/`-p`, or `--bind`/`-b host:port`, as Vapor's `ServeCommand` takes them.
    private static func serveAddress(_ arguments: [String]) throws(InvocationError) -> ListenAddress {
        func option(_ name: String, _ short: String) -> String? {
            guard let index = arguments.firstIndex(where: { $0 == "--" + name || $0 == "-" + short }),
                  index + 1 < arguments.count, !arguments[index + 1].hasPrefix("-") else { return nil }
            return arguments[index + 1]
        }
        func port(_ text: String, flag: String) throws(InvocationError) -> Int {
            guard let port = Int(text), (1...65535).contains(port) else {
                throw InvocationError(message: "serve: \(flag) must be a port from 1 to 65535, got '\(text)'")
            }
            return port
        }
        if let bind = option("bind", "b") {
            let parts = bind.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw InvocationError(message: "serve: --bind must be hostname:port, got '\(bind)'")
            }
            return ListenAddress(hostname: String(parts[0]), port: try port(String(parts[1]), flag: "--bind"))
        }
        return ListenAddress(hostname: option("hostname", "H"), port: try option("port", "p").map { text throws(InvocationError) in
            try port(text, flag: "--port")
        })
    }
}

/// A command line Kontor cannot run: one line for the operator, exit code 64 (EX_USAGE).
struct InvocationError: Error, Equatable, CustomStringConvertible {
    let message: String
    var description: String { message }
}
