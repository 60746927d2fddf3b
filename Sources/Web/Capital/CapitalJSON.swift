import Domain
import Store
import Vapor

/// `POST /api/v1/capital/allocations`: a source's capital for a program, in the province
/// (`level` province, `unit` its code) or a commune.
struct AllocationInput: Content {
    let source: String
    let level: String
    let unit: Int
    let program: String
    let amount: Int64
    let date: String
    let decisionNumber: String
    let decisionDate: String?
    let note: String?
}

/// `POST /api/v1/capital/transfers`: capital of one source moved between two programs.
struct TransferInput: Content {
    let source: String
    let level: String
    let unit: Int
    let fromProgram: String
    let toProgram: String
    let amount: Int64
    let date: String
    let decisionNumber: String
    let decisionDate: String?
    let note: String?
}

/// `POST /api/v1/capital/plans`: a year's plan for a unit and a source.
struct PlanInput: Content {
    let year: Int
    let source: String
    let level: String
    let unit: Int
    let amount: Int64
    let decisionNumber: String?
}

struct CapitalMovementJSON: Content {
    let id: String, kind: String, source: String, level: String, province: Int
    let unit: Int, unitName: String, program: String, toProgram: String?, amount: Int64
    let date: String, decisionNumber: String, decisionDate: String, note: String
    let entry: String, actor: String

    init(_ r: CapitalMovementRecord) {
        id = r.id
        kind = r.kind
        source = r.source.rawValue
        level = r.level.rawValue
        province = r.provinceCode
        unit = r.unitCode
        unitName = r.unitName
        program = r.programCode
        toProgram = r.toProgramCode
        amount = r.amount.dong
        date = r.on.iso
        decisionNumber = r.decision.number
        decisionDate = r.decision.date.iso
        note = r.note
        entry = r.entryID
        actor = r.actor
    }
}

struct CapitalMovementListJSON: Content {
    let items: [CapitalMovementJSON]
    let total: Int
}

/// `GET /api/v1/capital/share` (fixed contract: localCapital, totalCapital, share, target2030,
/// projection[{year, allocationNeeded}]), with the path so far and the assumption used.
struct CapitalShareJSON: Content {
    struct Year: Content {
        let year: Int, localCapital: Int64, totalCapital: Int64, share: Double
    }
    struct Projected: Content {
        let year: Int, allocationNeeded: Int64, projectedTotal: Int64, projectedLocal: Int64
        let projectedShare: Double
    }
    let province: Int
    let date: String
    let localCapital: Int64
    let totalCapital: Int64
    let share: Double
    let target2030: Double
    let growth: Double
    let years: [Year]
    let projection: [Projected]

    init(_ v: CapitalView) {
        province = v.province
        date = v.date.iso
        localCapital = v.share.local.dong
        totalCapital = v.share.total.dong
        share = v.share.fraction
        target2030 = Double(v.targetBasisPoints) / 10_000
        growth = Double(v.growthBasisPoints) / 10_000
        years = v.years.map {
            Year(
                year: $0.year, localCapital: $0.share.local.dong,
                totalCapital: $0.share.total.dong, share: $0.share.fraction)
        }
        projection = v.projection.map {
            Projected(
                year: $0.year, allocationNeeded: $0.allocationNeeded.dong,
                projectedTotal: $0.projectedTotal.dong, projectedLocal: $0.projectedLocal.dong,
                projectedShare: $0.projectedShare.fraction)
        }
    }
}

struct CapitalPlanJSON: Content {
    let year: Int, source: String, level: String, unit: String, unitName: String
    let amount: Int64, allocated: Int64, decisionNumber: String

    init(_ p: PlanProgress) {
        year = p.plan.year
        source = p.plan.source.rawValue
        level = p.plan.level.rawValue
        unit = p.plan.unitID
        unitName = p.unitName
        amount = p.plan.amount.dong
        allocated = p.allocated.dong
        decisionNumber = p.plan.decisionNumber
    }
}

struct CapitalPlanListJSON: Content {
    let items: [CapitalPlanJSON]
    let total: Int
}
