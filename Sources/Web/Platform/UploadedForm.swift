import Vapor

extension Request {
    /// A multipart (or URL-encoded) form as `T`. The multipart parser's own error type is private
    /// to its package, so a body that does not parse would reach the error responder as an
    /// unknown error (500): here it is what it is, a bad request.
    func uploadedForm<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try content.decode(T.self)
        } catch let error as DecodingError {
            throw error
        } catch let error as any AbortError {
            throw error
        } catch {
            throw Abort(.badRequest, reason: "multipart body does not parse")
        }
    }
}
