package io.jitguard.gpu;

/**
 * The element type of a {@link DeviceBuffer}: its C++ name and size. The type parameter is a marker
 * ({@link Bf16}, {@link Fp32}, ...), so that a {@code DeviceBuffer<Bf16>} and a {@code DeviceBuffer<Fp32>}
 * are different Java types; a launch also checks the element against the kernel's parameter type.
 */
public record Element<T>(String label, String cxxType, int bytes) {
  /** Markers, one per element type. */
  public static final class Bf16 {
    private Bf16() {}
  }

  public static final class Fp16 {
    private Fp16() {}
  }

  public static final class Fp32 {
    private Fp32() {}
  }

  public static final class I32 {
    private I32() {}
  }

  public static final class U32 {
    private U32() {}
  }

  public static final class I64 {
    private I64() {}
  }

  public static final class U8 {
    private U8() {}
  }

  public static final Element<Bf16> BF16 = new Element<>("bf16", "__nv_bfloat16", 2);
  public static final Element<Fp16> FP16 = new Element<>("fp16", "__half", 2);
  public static final Element<Fp32> FP32 = new Element<>("fp32", "float", 4);
  public static final Element<I32> I32 = new Element<>("i32", "int", 4);
  public static final Element<U32> U32 = new Element<>("u32", "unsigned int", 4);
  public static final Element<I64> I64 = new Element<>("i64", "long long", 8);
  public static final Element<U8> U8 = new Element<>("u8", "unsigned char", 1);

  /** {@code DeviceBuffer<bf16>}, as messages name a buffer of this element. */
  public String bufferName() {
    return "DeviceBuffer<" + label + ">";
  }
}
