import SunmaskEngine

/// Runs one generation request to completion on the calling thread.
///
/// The host calls `generate` on a background thread. The engine reports progress through
/// `progress` (from that thread, as often as it likes; the host keeps only the latest report)
/// and reads `cancellation` between steps. After a cancellation it returns whatever it has, and
/// the host discards the result.
public protocol GenerationEngine: AnyObject {
    /// Returns the candidates of `request`, best first. Every candidate has the request's number
    /// of steps and should keep every cell the request's keep mask marks.
    func generate(_ request: GenerationRequest, progress: @escaping (JobProgress) -> Void,
                  cancellation: SamplerCancellation) throws -> [Candidate]
}
