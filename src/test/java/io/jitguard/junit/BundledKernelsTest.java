package io.jitguard.junit;

import io.jitguard.testing.TestResources;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * jitguard's own kernels, tested the way a kernel library's suite would use jitguard: one dynamic
 * test per family, variant, instantiation and target (102 of them), compiled by the real NVRTC.
 */
class BundledKernelsTest {
  @TestFactory
  Stream<DynamicTest> everyVariantInstantiationAndTarget() {
    return Jitguard.kernelTests(TestResources.bundledManifest());
  }

  @Test
  void bundledKernelsCheckClean() {
    Jitguard.assertChecksClean(TestResources.bundledManifest());
  }
}
