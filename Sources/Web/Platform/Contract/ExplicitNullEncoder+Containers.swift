import Foundation

/// An object: `encodeIfPresent` of nil writes `null` (the reason this encoder exists).
struct KeyedTree<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONOut
    let codingPath: [any CodingKey]

    private func set(_ value: JSONOut, _ key: Key) {
        guard case .object(var members) = node.value else { return }
        members[key.stringValue] = value
        node.value = .object(members)
    }

    mutating func encodeNil(forKey key: Key) throws { set(JSONOut(.null), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(JSONOut(.bool(value)), key) }
    mutating func encode(_ value: String, forKey key: Key) throws {
        set(JSONOut(.string(value)), key)
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(JSONOut(.double(value)), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(JSONOut(.double(Double(value))), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        set(JSONOut(.int(Int64(value))), key)
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws {
        set(JSONOut(.int(Int64(value))), key)
    }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        set(JSONOut(.int(Int64(value))), key)
    }
    mutating func encode(_ value: Int32, forKey key: Key) throws {
        set(JSONOut(.int(Int64(value))), key)
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(JSONOut(.int(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        set(JSONOut(.uint(UInt64(value))), key)
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        set(JSONOut(.uint(UInt64(value))), key)
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        set(JSONOut(.uint(UInt64(value))), key)
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        set(JSONOut(.uint(UInt64(value))), key)
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        set(JSONOut(.uint(value)), key)
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try TreeEncoder.box(value, path: codingPath + [key]), key)
    }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        try present(value, key)
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        try present(value, key)
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        try present(value, key)
    }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws {
        try present(value, key)
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws {
        try present(value, key)
    }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws {
        try present(value, key)
    }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws {
        try present(value, key)
    }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws {
        try present(value, key)
    }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws {
        try present(value, key)
    }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws {
        try present(value, key)
    }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws {
        try present(value, key)
    }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws {
        try present(value, key)
    }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws {
        try present(value, key)
    }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        try present(value, key)
    }

    private mutating func present<T: Encodable>(_ value: T?, _ key: Key) throws {
        guard let value else { return set(JSONOut(.null), key) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = JSONOut(.object([:]))
        set(child, key)
        return KeyedEncodingContainer(
            KeyedTree<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = JSONOut(.array([]))
        set(child, key)
        return UnkeyedTree(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let child = JSONOut()
        if case .object(var members) = node.value {
            members["super"] = child
            node.value = .object(members)
        }
        return TreeEncoder(root: child, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = JSONOut()
        set(child, key)
        return TreeEncoder(root: child, codingPath: codingPath + [key])
    }
}

struct UnkeyedTree: UnkeyedEncodingContainer {
    let node: JSONOut
    let codingPath: [any CodingKey]
    var count: Int {
        if case .array(let items) = node.value { return items.count }
        return 0
    }

    private func append(_ value: JSONOut) {
        guard case .array(var items) = node.value else { return }
        items.append(value)
        node.value = .array(items)
    }

    mutating func encodeNil() throws { append(JSONOut(.null)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        append(try TreeEncoder.box(value, path: codingPath))
    }
    mutating func encode(_ value: Bool) throws { append(JSONOut(.bool(value))) }
    mutating func encode(_ value: String) throws { append(JSONOut(.string(value))) }
    mutating func encode(_ value: Int) throws { append(JSONOut(.int(Int64(value)))) }
    mutating func encode(_ value: Int64) throws { append(JSONOut(.int(value))) }
    mutating func encode(_ value: Double) throws { append(JSONOut(.double(value))) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = JSONOut(.object([:]))
        append(child)
        return KeyedEncodingContainer(KeyedTree<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = JSONOut(.array([]))
        append(child)
        return UnkeyedTree(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let child = JSONOut()
        append(child)
        return TreeEncoder(root: child, codingPath: codingPath)
    }
}

struct SingleTree: SingleValueEncodingContainer {
    let node: JSONOut
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.value = .null }
    mutating func encode(_ value: Bool) throws { node.value = .bool(value) }
    mutating func encode(_ value: String) throws { node.value = .string(value) }
    mutating func encode(_ value: Double) throws { node.value = .double(value) }
    mutating func encode(_ value: Float) throws { node.value = .double(Double(value)) }
    mutating func encode(_ value: Int) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: Int64) throws { node.value = .int(value) }
    mutating func encode(_ value: Int32) throws { node.value = .int(Int64(value)) }
    mutating func encode(_ value: UInt64) throws { node.value = .uint(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        node.value = try TreeEncoder.box(value, path: codingPath).value
    }
}
