import Domain
import SQLKit

/// The demo's entrusted network, worked out from the registry's households before anything is
/// written: the four organisations at province level (with the pre-2025 contract each renewed on
/// 1 July 2025), in every commune, and for history in the former city of Hưng Yên; 8–15 groups per
/// commune with 5–60 member households each, their boards, founding and monthly meetings, and the
/// grade of last month as the bank's file gives it.
struct DemoEntrustedNetwork {
    var organisationUnits: [OrganisationUnit] = []
    var contracts: [EntrustmentContract] = []
    var groups: [SavingsGroup] = []
    var memberships: [[any Encodable & Sendable]] = []
    var board: [[any Encodable & Sendable]] = []
    var meetings: [[any Encodable & Sendable]] = []
    var ratings: [GroupRating] = []
    /// The first group of the home commune: the `leader` demo user leads it.
    var leaderGroupID: String?

    /// Shares of groups per organisation in practice: the Women's Union runs the most.
    static let organisationShares: [(Organisation, Int)] = [(.womensUnion, 40), (.farmersUnion, 30), (.veteransAssociation, 18), (.youthUnion, 12)]
    static let gradeShares: [(GroupGrade, Int)] = [(.good, 62), (.fair, 24), (.average, 10), (.weak, 4)]

    static func make(communes: [(id: String, code: Int, name: String)], households: [Household], provinceUnitID: String,
                     legacyDistrictID: String, homeCommune: Int, businessDate: BusinessDate,
                     random: inout SeededGenerator) throws -> DemoEntrustedNetwork {
        var network = DemoEntrustedNetwork()
        let reorganised = try BusinessDate(iso: "2025-07-01")
        let renewed = try BusinessDate(iso: "2025-07-15")
        let before = try BusinessDate(iso: "2021-01-04")
        // Province level: the 2021 contract, renewed on the day the new province began.
        for organisation in Organisation.allCases {
            let unit = OrganisationUnit(id: .init("org-\(organisation.rawValue)-p33"), organisation: organisation, level: .province,
                                        unitID: .init(provinceUnitID), name: "\(organisation.label) tỉnh Hưng Yên",
                                        validFrom: reorganised, validTo: nil)
            let old = EntrustmentContract(id: .init("hdut-\(organisation.rawValue)-p33-2021"), organisationUnitID: unit.id,
                                          number: "01/2021/HĐUT-\(organisation.shortLabel)", signedOn: before, validFrom: before,
                                          validTo: reorganised.adding(days: -1), scope: "Các chương trình tín dụng chính sách ủy thác qua tổ chức",
                                          tasks: EntrustedTask.allCases, replaces: nil)
            let new = EntrustmentContract(id: .init("hdut-\(organisation.rawValue)-p33-2025"), organisationUnitID: unit.id,
                                          number: "05/2025/HĐUT-\(organisation.shortLabel)", signedOn: reorganised, validFrom: reorganised,
                                          validTo: nil, scope: "Các chương trình tín dụng chính sách ủy thác qua tổ chức (sau sắp xếp đơn vị hành chính)",
                                          tasks: EntrustedTask.allCases, replaces: old.id)
            network.organisationUnits.append(unit)
            network.contracts += [old, new]
            // The former city's level, closed with the district level on 30 June 2025.
            let district = OrganisationUnit(id: .init("org-\(organisation.rawValue)-d323"), organisation: organisation, level: .district,
                                            unitID: .init(legacyDistrictID), name: "\(organisation.label) thành phố Hưng Yên (cũ)",
                                            validFrom: before, validTo: reorganised.adding(days: -1))
            network.organisationUnits.append(district)
            network.contracts.append(EntrustmentContract(
                id: .init("hdut-\(organisation.rawValue)-d323-2021"), organisationUnitID: district.id, number: "12/2021/HĐUT-\(organisation.shortLabel)",
                signedOn: before, validFrom: before, validTo: reorganised.adding(days: -1), scope: "Các xã, phường thuộc thành phố Hưng Yên",
                tasks: EntrustedTask.allCases, replaces: nil))
        }
        let byCommune = Dictionary(grouping: households, by: { $0.unitID.rawValue })
        for commune in communes {
            for organisation in Organisation.allCases {
                let unit = OrganisationUnit(id: .init("org-\(organisation.rawValue)-\(commune.code)"), organisation: organisation, level: .commune,
                                            unitID: .init(commune.id), name: "\(organisation.label) \(commune.name)",
                                            validFrom: reorganised, validTo: nil)
                network.organisationUnits.append(unit)
                network.contracts.append(EntrustmentContract(
                    id: .init("hdut-\(organisation.rawValue)-\(commune.code)"), organisationUnitID: unit.id,
                    number: "\(commune.code)/2025/HĐUT-\(organisation.shortLabel)", signedOn: renewed, validFrom: renewed, validTo: nil,
                    scope: "Hộ vay trên địa bàn \(commune.name)", tasks: EntrustedTask.allCases, replaces: nil))
            }
            let pool = (byCommune[commune.id] ?? []).sorted { $0.code.value < $1.code.value }
            // About seven in ten households borrow through a group.
            let borrowers = pool.filter { _ in Int.random(in: 0..<10, using: &random) < 7 }
            guard borrowers.count >= 5 else { continue }
            let count = min(Int.random(in: 8...15, using: &random), borrowers.count / 5)
            let byVillage = Dictionary(grouping: borrowers, by: \.village).sorted { $0.key < $1.key }
            // Deal the borrowers of each village into groups; a village too small joins the next group's count.
            var queue = byVillage.flatMap(\.value)
            var sizes = Array(repeating: 5, count: count)
            var left = queue.count - 5 * count
            while left > 0 {
                let index = Int.random(in: 0..<count, using: &random)
                if sizes[index] < 60 { sizes[index] += 1; left -= 1 }
                if sizes.allSatisfy({ $0 >= 60 }) { break }
            }
            for (index, size) in sizes.enumerated() {
                let members = Array(queue.prefix(size))
                queue.removeFirst(min(size, queue.count))
                guard members.count >= 5 else { continue }
                var organisation = pick(organisationShares, &random)
                if commune.code == homeCommune, index == 0 { organisation = .womensUnion }
                let village = members[0].village
                let founded = try BusinessDate(year: Int.random(in: 2005...2022, using: &random), month: Int.random(in: 1...12, using: &random), day: 1)
                let id = "demo-group-\(commune.code)-\(index + 1)"
                let group = SavingsGroup(
                    id: .init(id), name: "Tổ \(index + 1) \(organisation.shortLabel) \(village)", organisation: organisation, unitID: .init(commune.id),
                    village: village, foundedOn: founded, authorisationNumber: "\(index + 1)/HĐUN-\(commune.code)", authorisationDate: founded,
                    foundingMinutes: "Biên bản họp thành lập tổ ngày \(founded.vietnamese)")
                network.groups.append(group)
                if commune.code == homeCommune, network.leaderGroupID == nil { network.leaderGroupID = id }
                for household in members {
                    network.memberships.append(["\(id)-m-\(household.id.rawValue)", id, household.id.rawValue, 0, founded.iso,
                                                nil as String?, "Kết nạp", nil as String?])
                }
                // The board: heads of two different households (never kin by the register), adults on the founding day.
                let adults = members.compactMap { h in h.head.map { (h, $0) } }.filter { $0.1.birthDate.fullYears(until: founded) >= 18 }
                if let (household, leader) = adults.first {
                    network.board.append(["\(id)-leader", id, BoardPost.leader.rawValue, leader.id.rawValue, household.id.rawValue, leader.fullName,
                                          founded.iso, nil as String?])
                }
                if adults.count > 1 {
                    let (household, deputy) = adults[1]
                    network.board.append(["\(id)-deputy", id, BoardPost.deputy.rawValue, deputy.id.rawValue, household.id.rawValue, deputy.fullName,
                                          founded.iso, nil as String?])
                }
                network.meetings.append(["\(id)-founding", id, founded.iso, MeetingKind.founding.rawValue, members.count,
                                         "Thành lập tổ, bầu tổ trưởng, tổ phó; thông qua quy ước hoạt động."])
                for monthsAgo in 1...3 {
                    let held = try BusinessDate(year: businessDate.year, month: businessDate.month, day: 1).adding(days: -30 * monthsAgo + 9)
                    network.meetings.append(["\(id)-regular-\(monthsAgo)", id, held.iso, MeetingKind.regular.rawValue,
                                             max(1, members.count - Int.random(in: 0...3, using: &random)),
                                             "Sinh hoạt định kỳ: thu lãi, tiết kiệm; đôn đốc trả nợ đến hạn."])
                }
                let lastMonth = try BusinessDate(year: businessDate.year, month: businessDate.month, day: 1).adding(days: -1)
                let month = String(lastMonth.iso.prefix(7))
                network.ratings.append(GroupRating(groupID: id, month: month, grade: pick(gradeShares, &random), score: nil, source: .imported,
                                                   detail: "Tệp chấm điểm Tổ TK&VV tháng \(month) của chi nhánh (mẫu)"))
            }
        }
        return network
    }

    static func pick<T>(_ table: [(T, Int)], _ random: inout SeededGenerator) -> T { DemoRegistry.pick(table, &random) }

    func insert(into sql: any SQLDatabase, provinceCode: Int) async throws {
        try await OrganisationStore.insert(organisationUnits, provinceCode: provinceCode, sql: sql)
        try await OrganisationStore.insert(contracts, provinceCode: provinceCode, sql: sql)
        try await GroupStore.insert(groups, provinceCode: provinceCode, sql: sql)
        try await sql.insertBatches(into: "group_memberships",
                                    columns: ["id", "group_id", "household_id", "province_code", "valid_from", "valid_to", "reason_in", "reason_out"],
                                    rows: memberships.map { row in var r = row; r[3] = provinceCode; return r }, batchSize: 300)
        try await sql.insertBatches(into: "group_board_terms",
                                    columns: ["id", "group_id", "post", "member_id", "household_id", "member_name", "valid_from", "valid_to"],
                                    rows: board, batchSize: 300)
        try await sql.insertBatches(into: "group_meetings", columns: ["id", "group_id", "held_on", "kind", "attendees", "minutes"],
                                    rows: meetings, batchSize: 300)
        try await GroupRatingStore.store(ratings, sql: sql)
    }
}
