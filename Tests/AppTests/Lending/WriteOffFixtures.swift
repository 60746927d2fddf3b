import Domain
import Foundation

/// A checklist that meets the seeded conditions (Decision 50/2010 Art. 5 as the migration
/// seeds them): every common condition, one cause (death), and for principal the lack of assets.
enum WriteOffFixtures {
    static func evidence(_ measure: WriteOffMeasure) -> [WriteOffEvidence] {
        var codes = ["request", "group_verified", "commune_confirmed", "cause_death"]
        if measure == .principal { codes.append("no_assets") }
        return codes.map { WriteOffEvidence(condition: $0, document: "Số \($0) ngày 01/11/2026") }
    }

    static func json(_ measure: WriteOffMeasure) -> String {
        let items = evidence(measure).map {
            #"{"condition":"\#($0.condition)","document":"\#($0.document)"}"#
        }
        return "[" + items.joined(separator: ",") + "]"
    }
}
