import Domain
import Vapor

extension ApplicationPages {
    /// Số lao động typed on the direct application form: empty for a person, else a whole number
    /// in `UnitCaps.jobsRange` (the API's integer goes through `Validate.integer` alike).
    static func unitJobs(_ text: String?) throws -> Int? {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        guard let jobs = Int(text) else {
            throw PlatformError.invalidInput(
                field: "unitJobs", message: "Số lao động phải là số nguyên từ 1 đến 100.000.")
        }
        return try Validate.integer(jobs, field: "unitJobs", in: UnitCaps.jobsRange)
    }
}
