/// Who came from whom on the map. A record kept under a unit that no longer exists is found
/// under every unit that succeeded it; a unit's history lists every unit it came from.
public struct Lineage: Sendable {
    private let forward: [AdministrativeUnit.ID: Set<AdministrativeUnit.ID>]
    private let backward: [AdministrativeUnit.ID: Set<AdministrativeUnit.ID>]

    public init(links: [MapLink]) {
        var forward: [AdministrativeUnit.ID: Set<AdministrativeUnit.ID>] = [:]
        var backward: [AdministrativeUnit.ID: Set<AdministrativeUnit.ID>] = [:]
        for link in links where link.from != link.to {
            forward[link.from, default: []].insert(link.to)
            backward[link.to, default: []].insert(link.from)
        }
        self.forward = forward
        self.backward = backward
    }

    /// Every unit `id` descends from, through any number of changes.
    public func ancestors(of id: AdministrativeUnit.ID) -> Set<AdministrativeUnit.ID> {
        Self.closure(from: id, edges: backward)
    }

    /// Every unit that took over part or all of `id`, through any number of changes.
    public func descendants(of id: AdministrativeUnit.ID) -> Set<AdministrativeUnit.ID> {
        Self.closure(from: id, edges: forward)
    }

    /// The unit itself and all its ancestors: the units whose records a list of `id` shows.
    public func covering(_ id: AdministrativeUnit.ID) -> Set<AdministrativeUnit.ID> {
        ancestors(of: id).union([id])
    }

    /// The units in force on `date` that a record kept under `id` now belongs to.
    public func successors(of id: AdministrativeUnit.ID, inForce: (AdministrativeUnit.ID) -> Bool)
        -> Set<AdministrativeUnit.ID> {
        if inForce(id) { return [id] }
        return descendants(of: id).filter(inForce)
    }

    private static func closure(from start: AdministrativeUnit.ID,
                                edges: [AdministrativeUnit.ID: Set<AdministrativeUnit.ID>])
        -> Set<AdministrativeUnit.ID> {
        var seen: Set<AdministrativeUnit.ID> = []
        var frontier = Array(edges[start] ?? [])
        while let next = frontier.popLast() {
            guard seen.insert(next).inserted, next != start else { continue }
            frontier.append(contentsOf: edges[next] ?? [])
        }
        seen.remove(start)
        return seen
    }
}
