import XCTest
import SunmaskEngine

/// Fills every parameter with small random values, so zero-initialized convolutions pass
/// gradient to the layers before them during a check.
private func randomize(_ parameters: [Parameter], seed: UInt64) {
    var generator = SplitMix(seed: seed)
    for parameter in parameters {
        let random = generator.tensor(parameter.value.shape, scale: 0.5)
        if parameter.name.hasSuffix("n1.weight") || parameter.name.hasSuffix("n2.weight")
            || parameter.name.hasSuffix("n.weight") || parameter.name.hasSuffix("norm.weight") {
            // GroupNorm scales near 1.
            for i in 0..<random.count { random[flat: i] += 1 }
        }
        parameter.value.copy(from: random)
    }
}

final class UNetTests: XCTestCase {
    private let tinyConfig = UNetConfig(voices: 2, vocabularySize: 3, baseWidth: 4, multipliers: [1, 2],
                                        residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [1],
                                        groups: 2)

    func testReferenceParameterCount() throws {
        // The PyTorch module of the same network (K = 57) reports 38,324,708 parameters.
        var random = RandomGenerator(seed: 1)
        let network = try UNet(config: .reference(vocabularySize: 57), generator: &random)
        XCTAssertEqual(network.parameterCount, 38_324_708)
        XCTAssertEqual(network.parameters.first?.name, "conv_in.weight")
        XCTAssertEqual(network.parameters.last?.name, "out.bias")
        XCTAssertTrue(network.parameters.contains { $0.name == "down.2.c.weight" })
        // Upsampling follows attention at level 2 and the residual block alone at level 1.
        XCTAssertTrue(network.parameters.contains { $0.name == "up.2.2.c.weight" })
        XCTAssertTrue(network.parameters.contains { $0.name == "up.5.1.c.weight" })
        XCTAssertFalse(network.parameters.contains { $0.name == "up.8.1.qkv.weight" })
        XCTAssertEqual(Set(network.parameters.map(\.name)).count, network.parameters.count,
                       "parameter names must be unique")
    }

    func testReferenceForwardFlops() throws {
        // About 4.04 GFLOP per 128-step example, as PyTorch's FLOP counter reports.
        var random = RandomGenerator(seed: 1)
        let network = try UNet(config: .reference(vocabularySize: 57), generator: &random)
        let flops = network.forwardFlops(time: 128)
        XCTAssertEqual(Double(flops) / 1e9, 4.04, accuracy: 0.01)
    }

    func testOutputShapeAndInferenceMatchesTraining() throws {
        var random = RandomGenerator(seed: 2)
        let network = try UNet(config: tinyConfig, generator: &random)
        randomize(network.parameters, seed: 3)
        var generator = SplitMix(seed: 4)
        let input = generator.tensor([8, 3, 8])  // V·(K + 1) = 8 channels
        let workspace = Workspace()
        let (logits, _) = network.forward(input, workspace: workspace)
        XCTAssertEqual(logits.shape, [6, 3, 8])
        let inferred = network.apply(input, workspace: workspace)
        XCTAssertEqual(inferred.shape, logits.shape)
        for i in 0..<logits.count {
            XCTAssertEqual(inferred[flat: i], logits[flat: i], accuracy: 1e-5, "logit \(i)")
        }
    }

    func testExamplesAreIndependent() throws {
        // An example's logits must not depend on the other examples in the batch.
        var random = RandomGenerator(seed: 5)
        let network = try UNet(config: tinyConfig, generator: &random)
        randomize(network.parameters, seed: 6)
        var generator = SplitMix(seed: 7)
        let batch = generator.tensor([8, 2, 8])
        let single = Tensor(shape: [8, 1, 8])
        for c in 0..<8 {
            for t in 0..<8 { single[flat: c * 8 + t] = batch[flat: (c * 2 + 1) * 8 + t] }
        }
        let workspace = Workspace()
        let batchLogits = network.apply(batch, workspace: workspace)
        let singleLogits = network.apply(single, workspace: workspace)
        for c in 0..<6 {
            for t in 0..<8 {
                XCTAssertEqual(singleLogits[flat: c * 8 + t], batchLogits[flat: (c * 2 + 1) * 8 + t],
                               accuracy: 1e-5)
            }
        }
    }

    func testOneAndTwoThreadsAgree() throws {
        // Wide enough that the products, GroupNorm, SiLU and attention all split across threads.
        let config = UNetConfig(voices: 2, vocabularySize: 5, baseWidth: 64, multipliers: [1, 2],
                                residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [1],
                                groups: 8)
        var random = RandomGenerator(seed: 13)
        let network = try UNet(config: config, generator: &random)
        randomize(network.parameters, seed: 14)
        var generator = SplitMix(seed: 15)
        let input = generator.tensor([12, 8, 64])
        let upstream = generator.tensor([10, 8, 64])
        let workspace = Workspace()
        defer { ComputeThreads.count = 2 }

        var logits: [[Float]] = [], gradients: [[Float]] = []
        for threads in [1, 2] {
            ComputeThreads.count = threads
            let (output, cache) = network.forward(input, workspace: workspace)
            for parameter in network.parameters { parameter.grad.zero() }
            network.backward(dLogits: upstream, cache: cache, workspace: workspace)
            logits.append(output.values)
            gradients.append(network.parameters.flatMap { $0.grad.values })
        }
        for i in 0..<logits[0].count {
            XCTAssertEqual(logits[1][i], logits[0][i], accuracy: 1e-4 * max(1, abs(logits[0][i])),
                           "logit \(i)")
        }
        var worst: Float = 0
        for i in 0..<gradients[0].count {
            worst = max(worst, abs(gradients[1][i] - gradients[0][i]) / max(1, abs(gradients[0][i])))
        }
        XCTAssertLessThan(worst, 1e-3, "largest relative gradient difference between 1 and 2 threads")
    }

    func testInvalidConfigThrows() {
        var config = tinyConfig
        config.baseWidth = 5
        var random = RandomGenerator(seed: 1)
        XCTAssertThrowsError(try UNet(config: config, generator: &random)) { error in
            XCTAssertEqual((error as? UNetConfigError)?.field, "baseWidth")
        }
        config = tinyConfig
        config.attentionLevels = [2]
        XCTAssertThrowsError(try config.validate()) { error in
            XCTAssertEqual((error as? UNetConfigError)?.field, "attentionLevels")
        }
    }

    func testConfigRoundTripsThroughJSON() throws {
        let config = UNetConfig.reference()
        let data = try JSONEncoder().encode(config)
        XCTAssertEqual(try JSONDecoder().decode(UNetConfig.self, from: data), config)
    }
}

/// Whole blocks and a tiny whole U-Net against central finite differences.
final class UNetGradientTests: XCTestCase {
    func testResidualBlockWithProjection() {
        var random = RandomGenerator(seed: 1)
        let block = ResidualBlock(name: "r", inputChannels: 4, outputChannels: 6, kernelSize: 3,
                                  groups: 2, generator: &random)
        randomize(block.parameters, seed: 2)
        checkBlock(parameters: block.parameters, inputShape: [4, 2, 7], seed: 3,
                   forward: { block.forward($0, workspace: $1) },
                   backward: { block.backward(dInput: $0, dOutput: $1, cache: $2, workspace: $3) })
    }

    func testResidualBlockWithIdentitySkip() {
        var random = RandomGenerator(seed: 4)
        let block = ResidualBlock(name: "r", inputChannels: 4, outputChannels: 4, kernelSize: 3,
                                  groups: 2, generator: &random)
        randomize(block.parameters, seed: 5)
        checkBlock(parameters: block.parameters, inputShape: [4, 2, 6], seed: 6,
                   forward: { block.forward($0, workspace: $1) },
                   backward: { block.backward(dInput: $0, dOutput: $1, cache: $2, workspace: $3) })
    }

    func testAttentionBlock() {
        var random = RandomGenerator(seed: 7)
        let block = AttentionBlock(name: "a", channels: 4, groups: 2, generator: &random)
        randomize(block.parameters, seed: 8)
        checkBlock(parameters: block.parameters, inputShape: [4, 2, 5], seed: 9,
                   forward: { block.forward($0, workspace: $1) },
                   backward: { block.backward(dInput: $0, dOutput: $1, cache: $2, workspace: $3) })
    }

    func testTinyUNetParameters() throws {
        var random = RandomGenerator(seed: 10)
        let config = UNetConfig(voices: 2, vocabularySize: 3, baseWidth: 4, multipliers: [1, 2],
                                residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [1],
                                groups: 2)
        let network = try UNet(config: config, generator: &random)
        randomize(network.parameters, seed: 11)
        var generator = SplitMix(seed: 12)
        let input = generator.tensor([8, 2, 4])
        let workspace = Workspace()
        // One parameter of every kind of stage, from the first layer to the last.
        let probed = ["conv_in.weight", "down.0.0.c1.weight", "down.1.c.weight", "down.2.0.skip.weight",
                      "down.2.1.qkv.weight", "mid.0.n1.weight", "mid.1.proj.weight", "up.0.0.c2.weight",
                      "up.1.2.c.weight", "up.3.0.skip.bias", "out_norm.weight", "out.weight"]
        for name in probed {
            guard let parameter = network.parameters.first(where: { $0.name == name }) else {
                XCTFail("no parameter named \(name)")
                continue
            }
            assertGradientMatches(
                name, input: parameter.value, gradient: parameter.grad,
                forward: { network.apply(input, workspace: workspace) },
                backward: { dLogits in
                    let (_, cache) = network.forward(input, workspace: workspace)
                    network.backward(dLogits: dLogits, cache: cache, workspace: workspace)
                // Through ten GroupNorms of 8 values each, a step of 1e-2 is too coarse.
                }, step: 3e-3)
        }
    }

    func testTinyUNetFlagsWrongGradient() throws {
        // A 10% error in one layer's gradient must fail the check at the step size used above.
        var random = RandomGenerator(seed: 10)
        let config = UNetConfig(voices: 2, vocabularySize: 3, baseWidth: 4, multipliers: [1, 2],
                                residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [1],
                                groups: 2)
        let network = try UNet(config: config, generator: &random)
        randomize(network.parameters, seed: 11)
        var generator = SplitMix(seed: 12)
        let input = generator.tensor([8, 2, 4])
        let workspace = Workspace()
        let parameter = network.parameters.first { $0.name == "down.0.0.c1.weight" }!
        let result = compareGradient(
            input: parameter.value, gradient: parameter.grad,
            forward: { network.apply(input, workspace: workspace) },
            backward: { dLogits in
                let (_, cache) = network.forward(input, workspace: workspace)
                network.backward(dLogits: dLogits, cache: cache, workspace: workspace)
                for i in 0..<parameter.grad.count { parameter.grad[flat: i] *= 1.1 }
            }, step: 3e-3)
        XCTAssertGreaterThan(result.relativeError, 5e-2)
    }

    /// Checks dInput and the gradient of every parameter of one block.
    private func checkBlock<Cache>(
        parameters: [Parameter], inputShape: [Int], seed: UInt64,
        forward: @escaping (Tensor, Workspace) -> (output: Tensor, cache: Cache),
        backward: @escaping (Tensor, Tensor, Cache, Workspace) -> Void,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        var generator = SplitMix(seed: seed)
        let x = generator.tensor(inputShape)
        let dx = Tensor(shape: inputShape)
        let workspace = Workspace()
        func run(_ dy: Tensor) {
            let (_, cache) = forward(x, workspace)
            backward(dx, dy, cache, workspace)
        }
        assertGradientMatches("dInput", input: x, gradient: dx,
                              forward: { forward(x, workspace).output }, backward: run,
                              file: file, line: line)
        for parameter in parameters {
            assertGradientMatches(parameter.name, input: parameter.value, gradient: parameter.grad,
                                  forward: { forward(x, workspace).output }, backward: run,
                                  file: file, line: line)
        }
    }
}
