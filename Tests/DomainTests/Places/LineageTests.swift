import Domain
import Testing

@Suite("Map lineage")
struct LineageTests {
    let old1: AdministrativeUnit.ID = "c11953"
    let old2: AdministrativeUnit.ID = "c11956"
    let split: AdministrativeUnit.ID = "c12322"
    let new1: AdministrativeUnit.ID = "c11953@2025-07-01"
    let new2: AdministrativeUnit.ID = "c11983@2025-07-01"
    let later: AdministrativeUnit.ID = "c11953@2030-01-01"

    var lineage: Lineage {
        Lineage(links: [
            MapLink(from: old1, to: new1, share: .whole), MapLink(from: old2, to: new1, share: .whole),
            MapLink(from: split, to: new1, share: .part), MapLink(from: split, to: new2, share: .part),
            MapLink(from: new1, to: later, share: .whole),
        ])
    }

    @Test("Ancestors are followed through several changes")
    func ancestors() {
        #expect(lineage.ancestors(of: new1) == [old1, old2, split])
        #expect(lineage.ancestors(of: later) == [new1, old1, old2, split])
        #expect(lineage.covering(new2) == [new2, split])
        #expect(lineage.ancestors(of: old1).isEmpty)
    }

    @Test("A record under a unit that was split belongs to every part that is in force")
    func successors() {
        let inForce: Set<AdministrativeUnit.ID> = [new2, later]
        #expect(lineage.successors(of: split) { inForce.contains($0) } == [new2, later])
        #expect(lineage.successors(of: old1) { inForce.contains($0) } == [later])
        #expect(lineage.successors(of: new2) { inForce.contains($0) } == [new2])
    }

    @Test("Cycles in bad data do not hang")
    func cycles() {
        let a: AdministrativeUnit.ID = "a", b: AdministrativeUnit.ID = "b"
        let looped = Lineage(links: [MapLink(from: a, to: b, share: .whole), MapLink(from: b, to: a, share: .whole)])
        #expect(looped.ancestors(of: a) == [b])
        #expect(looped.descendants(of: a) == [b])
    }

    @Test("Kind of a change follows from its links")
    func kinds() {
        #expect(MapLink.kind(of: [MapLink(from: old1, to: new1, share: .whole)]) == .rename)
        #expect(MapLink.kind(of: [MapLink(from: old1, to: new1, share: .whole), MapLink(from: old2, to: new1, share: .whole)]) == .merger)
        #expect(MapLink.kind(of: [MapLink(from: old1, to: new1, share: .whole), MapLink(from: split, to: new1, share: .part)]) == .split)
    }

    @Test("A unit version is in force between its dates, inclusive")
    func inForce() throws {
        let unit = AdministrativeUnit(level: .commune, code: try UnitCode(11953), name: "Phường Hiến Nam", type: .ward,
                                      provinceCode: try UnitCode(33), validTo: try BusinessDate(iso: "2025-06-30"))
        #expect(unit.isInForce(on: try BusinessDate(iso: "2025-06-30")))
        #expect(!unit.isInForce(on: try BusinessDate(iso: "2025-07-01")))
        #expect(unit.id == "c11953")
    }
}
