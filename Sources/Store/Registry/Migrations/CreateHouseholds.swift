import FluentKit
import SQLKit

/// Households, members, their full-text index, villages and the ethnic groups.
struct CreateHouseholds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("ethnic_groups")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("synonyms", .string, .required)
            .create()
        try await database.schema("villages")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("unit_id", .string, .required, .references("units", "id"))
            .field("name", .string, .required)
            .field("folded_name", .string, .required)
            .unique(on: "unit_id", "folded_name")
            .create()
        try await database.schema("households")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("unit_id", .string, .required, .references("units", "id"))
            .field("code", .string, .required)
            .field("village", .string, .required)
            .field("area", .string, .required)
            .field("address", .string, .required)
            .field("phone", .string, .required)
            .field("head_name", .string, .required)
            .field("member_count", .int, .required)
            // A household merged into another is closed, never deleted: its history stays.
            .field("closed_on", .string)
            .field("merged_into", .string)
            .field("created_at", .int64, .required)
            .field("updated_at", .int64, .required)
            .unique(on: "unit_id", "code")
            .create()
        try await database.schema("members")
            .field("id", .string, .identifier(auto: false))
            .field("province_code", .int, .required)
            .field("household_id", .string, .required, .references("households", "id"))
            .field("position", .int, .required)
            .field("full_name", .string, .required)
            .field("folded_name", .string, .required)
            .field("birth_date", .string, .required)
            .field("sex", .string, .required)
            .field("ethnicity_code", .string, .required)
            .field("relation", .string, .required)
            .field("citizen_id", .string)
            .field("flags", .string, .required)
            .create()
        let sql = try database.sqlDatabase()
        // One citizen ID per province: the distribution key leads, so a partitioned table keeps it.
        try await sql.create(index: "members_citizen_id").unique().on("members").column("province_code").column("citizen_id").run()
        try await sql.create(index: "members_household").on("members").column("household_id").run()
        try await sql.create(index: "households_unit").on("households").column("unit_id").column("village").run()
        try await HouseholdSearchIndex.create(sql)
        let groups = try BundledData.table("ethnic-groups")
        let rows: [[any Encodable & Sendable]] = groups.rows.map { row in
            let code = row["code"] ?? ""
            return [code, row["name"] ?? "", EthnicGroupSynonyms.byCode[code, default: []].joined(separator: "|")]
        }
        try await sql.insertBatches(into: "ethnic_groups", columns: ["code", "name", "synonyms"], rows: rows)
    }

    func revert(on database: any Database) async throws {
        try await HouseholdSearchIndex.drop(try database.sqlDatabase())
        try await database.schema("members").delete()
        try await database.schema("households").delete()
        try await database.schema("villages").delete()
        try await database.schema("ethnic_groups").delete()
    }
}

/// Other spellings of ethnic group names met in documents (Khơ-me/Khmer, HMông/Mông…).
enum EthnicGroupSynonyms {
    static let byCode: [String: [String]] = [
        "01": ["Kinh", "Việt"], "02": ["Tày"], "03": ["Thái"], "04": ["Hoa", "Hán"], "05": ["Khmer", "Khơ-me", "Khơ me", "Khome"],
        "06": ["Mường"], "07": ["Nùng"], "08": ["Mông", "HMông", "H'Mông", "Hmong", "Mèo"], "09": ["Dao"],
        "10": ["Gia-rai", "Gia Rai", "Jrai"], "11": ["Ngái"], "12": ["Ê-đê", "Ê Đê", "Ede"], "13": ["Ba-na", "Ba Na", "Bahnar"],
        "14": ["Xơ-đăng", "Xơ Đăng", "Sedang"], "15": ["Sán Chay", "Cao Lan", "Sán Chỉ"], "16": ["Cơ-ho", "Cơ Ho", "Koho"],
        "17": ["Chăm", "Chàm", "Cham"], "18": ["Sán Dìu"], "19": ["Hrê", "H're"], "20": ["Mnông", "M'Nông"],
        "21": ["Ra-glai", "Raglai"], "22": ["Xtiêng", "X'tiêng", "Stieng"], "23": ["Bru-Vân Kiều", "Bru Vân Kiều", "Vân Kiều"],
        "24": ["Thổ"], "25": ["Giáy"], "26": ["Cơ-tu", "Cơ Tu", "Katu"], "27": ["Gié-Triêng", "Gié Triêng"], "28": ["Mạ"],
        "29": ["Khơ-mú", "Khơ Mú", "Khmu"], "30": ["Co"], "31": ["Ta-ôi", "Tà Ôi", "Ta Oi"], "32": ["Chơ-ro", "Chơ Ro"],
        "33": ["Kháng"], "34": ["Xinh-mun", "Xinh Mun"], "35": ["Hà Nhì"], "36": ["Chu-ru", "Chu Ru"], "37": ["Lào"],
        "38": ["La Chí"], "39": ["La Ha"], "40": ["Phù Lá"], "41": ["La Hủ"], "42": ["Lự"], "43": ["Lô Lô"], "44": ["Chứt"],
        "45": ["Mảng"], "46": ["Pà Thẻn"], "47": ["Cơ Lao"], "48": ["Cống"], "49": ["Bố Y"], "50": ["Si La"], "51": ["Pu Péo"],
        "52": ["Brâu"], "53": ["Ơ-đu", "Ơ Đu"], "54": ["Rơ-măm", "Rơ Măm"],
    ]
}
