import Domain
import SQLKit

extension AccessScope {
    /// The rows of a month-end summary table (alias `f`) the reader may count: her units, her
    /// organisation's lines; a group's leader his group's line in the group table and nothing
    /// in the commune × program table, which does not know groups.
    func summaryCondition(groupTable: Bool, unitID: String? = nil) -> SQLQueryString {
        var condition = self.condition("f.unit_id")
        if let organisationID {
            condition = condition + " AND f.organisation = \(bind: organisationID)"
        }
        if let groupID {
            condition = condition + (groupTable ? " AND f.group_id = \(bind: groupID)" : " AND 1 = 0")
        }
        if let unitID { condition = condition + " AND f.unit_id = \(bind: unitID)" }
        return condition
    }
}
