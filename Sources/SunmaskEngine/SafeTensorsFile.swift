/// The tensors and metadata of a safetensors file, with every tensor converted to Float32.
public struct SafeTensorsFile {
    /// One tensor of the file.
    public struct Entry {
        /// The tensor's name in the header, such as `down.0.conv1.weight`.
        public let name: String
        /// The element type stored in the file, before the conversion to Float32.
        public let dtype: SafeTensorsDType
        /// The values, with the shape from the header (`[]` for a scalar).
        public let tensor: Tensor
    }

    /// The `__metadata__` strings; empty when the file has none.
    public let metadata: [String: String]
    /// The tensors, sorted by name in UTF-8 byte order.
    public let entries: [Entry]

    private let indexByName: [String: Int]

    init(metadata: [String: String], entries: [Entry]) {
        self.metadata = metadata
        self.entries = entries.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        var indexByName: [String: Int] = [:]
        for (index, entry) in self.entries.enumerated() { indexByName[entry.name] = index }
        self.indexByName = indexByName
    }

    /// The tensor names, sorted in UTF-8 byte order.
    public var names: [String] { entries.map(\.name) }

    /// Looks up the entry named `name`; nil when the file has no such tensor.
    public subscript(name: String) -> Entry? {
        indexByName[name].map { entries[$0] }
    }
}
