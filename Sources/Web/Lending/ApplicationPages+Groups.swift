import Foundation
import Domain
import Store

/// Nhóm đối tượng ưu tiên on the application forms: the groups of the programs offered, each
/// labelled with its program; the store checks that the group belongs to the program chosen.
extension ApplicationPages {
    static func groupOptions(_ programs: [ProgramOnDate], selected: String?) -> [Option] {
        let none = Option(
            value: "", label: "Không thuộc nhóm ưu tiên", selected: (selected ?? "").isEmpty)
        return [none]
            + programs.flatMap { p in
                (p.parameters?.groups ?? []).map { g in
                    Option(
                        value: g.code, label: "\(p.program.name): \(g.name)",
                        selected: g.code == selected)
                }
            }
    }

    /// The form's choice: blank is none.
    static func group(_ text: String?) -> String? {
        let code = (text ?? "").trimmingCharacters(in: .whitespaces)
        return code.isEmpty ? nil : code
    }
}
