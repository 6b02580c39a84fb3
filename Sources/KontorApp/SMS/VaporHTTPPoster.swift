import Foundation
import Vapor

/// `HTTPPoster` on Vapor's HTTP client, with a 10-second limit so a hung gateway cannot hold a sign-in.
struct VaporHTTPPoster: HTTPPoster {
    let client: any Client

    func post(url: URL, headers: [(String, String)], body: Data) async throws -> Int {
        let response = try await client.post(URI(string: url.absoluteString), headers: HTTPHeaders(headers)) { request in
            request.body = ByteBuffer(data: body)
            request.timeout = .seconds(10)
        }
        return Int(response.status.code)
    }
}
