package io.jitguard.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The native array cuLaunchKernel reads ({@code void** kernelParams}): entry i must point at
 * parameter i's bytes, launch after launch from one reused buffer, growing past its first size. No
 * GPU needed: the addresses are read back the way the driver follows them.
 */
class LaunchScratchTest {
  private static byte[] bytes(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return b;
  }

  private static void assertPointsAtEach(CudaDriver.LaunchScratch scratch, List<byte[]> params) {
    for (int i = 0; i < params.size(); i++) {
      assertArrayEquals(params.get(i), scratch.read(i, params.get(i).length), "parameter " + (i + 1));
    }
  }

  @Test
  void eachAddressPointsAtItsParameter_acrossLaunchesAndGrowth() {
    CudaDriver.LaunchScratch scratch = new CudaDriver.LaunchScratch();
    // the plan's twelve: pointers and 32-bit scalars
    List<byte[]> plan = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      plan.add(bytes(i >= 1 && i <= 4 ? 4 : 8, i));
    }
    assertPointsAtEach(scratch.fill(plan), plan);
    // then one 448-byte class by value (the decode's MLAParams), at the same addresses' start
    List<byte[]> decode = List.of(bytes(448, 7));
    assertPointsAtEach(scratch.fill(decode), decode);
    // more parameters and bytes than the first buffers hold
    List<byte[]> big = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      big.add(bytes(200 + i, 100 + i));
    }
    assertPointsAtEach(scratch.fill(big), big);
    assertPointsAtEach(scratch.fill(plan), plan);
  }
}
