package io.jitguard.gpu;

import static org.bytedeco.cuda.global.cudart.CUDA_SUCCESS;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static org.bytedeco.cuda.global.cudart.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;
import static org.bytedeco.cuda.global.cudart.cuDeviceGet;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetAttribute;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetCount;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetName;
import static org.bytedeco.cuda.global.cudart.cuDriverGetVersion;
import static org.bytedeco.cuda.global.cudart.cuInit;

import com.google.common.collect.ImmutableList;
import io.jitguard.nvrtc.Nvrtc;

/**
 * The one class that touches the CUDA driver API. It is used only where the real driver is loaded
 * (never with the placeholder, which has no entry points), and every status is checked.
 */
public final class CudaDriver {
  private CudaDriver() {}

  /** A GPU as the driver reports it. */
  public record Gpu(int ordinal, String name, int sm, int multiprocessors) {}

  /** The driver's CUDA version and its GPUs. */
  public record DriverInfo(int cudaVersion, ImmutableList<Gpu> gpus) {
    /** {@code 13.0} from {@code 13000}. */
    public String cudaVersionText() {
      return cudaVersion / 1000 + "." + cudaVersion % 1000 / 10;
    }
  }

  /** Thrown for a driver call that did not succeed; names the call and the status. */
  public static final class CudaDriverException extends RuntimeException {
    public CudaDriverException(String call, int status) {
      super(call + " failed with CUresult " + status);
    }
  }

  /**
   * Asks the driver for its GPUs. Call only when {@code nvrtc.driver().realDriver()}.
   *
   * @throws CudaDriverException when a driver call fails (no GPU visible, driver too old, ...)
   */
  public static DriverInfo inspect(Nvrtc nvrtc) {
    if (!nvrtc.driver().realDriver()) {
      throw new IllegalStateException("the CUDA driver is a placeholder in this process");
    }
    check("cuInit", cuInit(0));
    int[] version = {0};
    check("cuDriverGetVersion", cuDriverGetVersion(version));
    int[] count = {0};
    check("cuDeviceGetCount", cuDeviceGetCount(count));
    ImmutableList.Builder<Gpu> gpus = ImmutableList.builder();
    for (int i = 0; i < count[0]; i++) {
      int[] dev = {0};
      check("cuDeviceGet", cuDeviceGet(dev, i));
      byte[] name = new byte[256];
      check("cuDeviceGetName", cuDeviceGetName(name, name.length, dev[0]));
      int[] major = {0};
      int[] minor = {0};
      int[] sms = {0};
      check("cuDeviceGetAttribute", cuDeviceGetAttribute(major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev[0]));
      check("cuDeviceGetAttribute", cuDeviceGetAttribute(minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev[0]));
      check("cuDeviceGetAttribute", cuDeviceGetAttribute(sms, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev[0]));
      int len = 0;
      while (len < name.length && name[len] != 0) {
        len++;
      }
      gpus.add(new Gpu(i, new String(name, 0, len, java.nio.charset.StandardCharsets.UTF_8),
          major[0] * 10 + minor[0], sms[0]));
    }
    return new DriverInfo(version[0], gpus.build());
  }

  private static void check(String call, int status) {
    if (status != CUDA_SUCCESS) {
      throw new CudaDriverException(call, status);
    }
  }
}
