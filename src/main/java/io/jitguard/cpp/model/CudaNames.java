package io.jitguard.cpp.model;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.OptionalLong;

/**
 * What the checker knows of the names NVRTC and the CUDA headers provide without reading those
 * headers: the element and vector types (each a distinct type), the typedefs whose meaning is the
 * same on every target, runtime and driver types known only as types, and the built-in variables.
 */
public final class CudaNames {
  private CudaNames() {}

  /** Class types of the CUDA headers, each distinct from every other type. */
  public static final ImmutableSet<String> CLASS_TYPES;

  static {
    ImmutableSet.Builder<String> b = ImmutableSet.builder();
    b.add("__nv_bfloat16", "__nv_bfloat162", "__nv_bfloat16_raw", "__nv_bfloat162_raw", "__half", "__half2",
        "__half_raw", "__half2_raw", "__nv_fp8_e4m3", "__nv_fp8_e5m2", "__nv_fp8x2_e4m3", "__nv_fp8x2_e5m2",
        "__nv_fp8x4_e4m3", "__nv_fp8x4_e5m2", "__nv_fp8_e8m0", "__nv_fp8x2_e8m0", "__nv_fp8x4_e8m0",
        "__nv_fp4_e2m1", "__nv_fp4x2_e2m1", "__nv_fp4x4_e2m1", "__nv_fp6_e2m3", "__nv_fp6_e3m2",
        "__nv_fp6x2_e2m3", "__nv_fp6x2_e3m2", "dim3", "CUtensorMap");
    for (String base : new String[] {"char", "uchar", "short", "ushort", "int", "uint", "long", "ulong", "longlong",
        "ulonglong", "float", "double"}) {
      for (int n = 1; n <= 4; n++) {
        b.add(base + n);
      }
    }
    CLASS_TYPES = b.build();
  }

  /** Typedefs with one meaning under NVRTC on every target, to the type they name. */
  public static final ImmutableMap<String, String> FIXED_TYPEDEFS = ImmutableMap.<String, String>builder()
      .put("int8_t", "signed char").put("uint8_t", "unsigned char").put("int16_t", "short")
      .put("uint16_t", "unsigned short").put("int32_t", "int").put("uint32_t", "unsigned int")
      .put("half", "__half").put("half2", "__half2").put("nv_half", "__half").put("nv_half2", "__half2")
      .put("nv_bfloat16", "__nv_bfloat16").put("nv_bfloat162", "__nv_bfloat162").build();

  /**
   * Types whose definition the checker does not model: it knows they are types (to parse
   * declarations of them), never what they convert to. {@code int64_t} is {@code long} on one
   * platform and {@code long long} on another, so it is here rather than a fixed typedef.
   */
  public static final ImmutableSet<String> OPAQUE_TYPES = ImmutableSet.of(
      "size_t", "ptrdiff_t", "int64_t", "uint64_t", "intptr_t", "uintptr_t", "int_fast32_t", "uint_fast32_t",
      "cudaError_t", "cudaError", "cudaStream_t", "cudaEvent_t", "cudaDeviceProp", "cudaFuncAttributes",
      "cudaFuncAttribute", "cudaDeviceAttr", "cudaLaunchConfig_t", "cudaLaunchAttribute", "cudaLaunchAttributeID",
      "cudaLaunchAttributeValue", "cudaMemcpyKind", "cudaDataType", "cudaDataType_t", "cudaGraph_t",
      "cudaGraphExec_t", "cudaGraphNode_t", "cudaStreamCaptureStatus", "cudaPointerAttributes",
      "cudaChannelFormatDesc", "cudaArray_t", "cudaTextureObject_t", "cudaSurfaceObject_t", "cudaFuncCache",
      "cudaSharedMemConfig", "cudaMemPool_t", "cudaUUID_t", "cudaIpcMemHandle_t", "cudaIpcEventHandle_t",
      "cudaStreamAttrValue", "cudaAccessPolicyWindow", "cudaKernel_t", "cudaLibrary_t",
      "CUresult", "CUdevice", "CUcontext", "CUmodule", "CUfunction", "CUstream", "CUevent", "CUdeviceptr",
      "CUtensorMapDataType", "CUtensorMapInterleave", "CUtensorMapSwizzle", "CUtensorMapL2promotion",
      "CUtensorMapFloatOOBfill", "CUmemGenericAllocationHandle", "CUmemAllocationProp", "CUmemAccessDesc",
      "CUlaunchConfig", "CUlaunchAttribute", "CUkernel", "CUlibrary", "__nv_fp8_interpretation_t",
      "__nv_saturation_t", "__nv_fp8_storage_t", "__nv_fp8x2_storage_t", "__nv_fp8x4_storage_t",
      "__nv_fp4_storage_t", "__nv_fp4x2_storage_t", "__nv_fp6_storage_t", "wchar_t", "max_align_t", "nullptr_t");

  /** Class templates of the CUDA headers the checker knows only by name (cuda::std is modelled as std). */
  public static final ImmutableSet<String> OPAQUE_TYPE_TEMPLATES = ImmutableSet.of("__nv_fp8x2_storage",
      "surface", "texture");

  /** {@code threadIdx}, {@code blockIdx}, {@code blockDim}, {@code gridDim}: of type {@code uint3} or {@code dim3}. */
  public static final ImmutableSet<String> BUILTIN_VECTOR_VARIABLES = ImmutableSet.of("threadIdx", "blockIdx",
      "blockDim", "gridDim", "clusterIdx", "clusterDim", "clusterBlockIdx");

  /** Whether a name is a type the CUDA model provides (distinct, fixed, or opaque). */
  public static boolean isType(String name) {
    return CLASS_TYPES.contains(name) || FIXED_TYPEDEFS.containsKey(name) || OPAQUE_TYPES.contains(name);
  }

  /** {@code sizeof} of a modelled CUDA type, when it is the same on every target. */
  public static OptionalLong sizeOf(String canonical) {
    switch (canonical) {
      case "__half", "__nv_bfloat16", "__half_raw", "__nv_bfloat16_raw":
        return OptionalLong.of(2);
      case "__half2", "__nv_bfloat162":
        return OptionalLong.of(4);
      case "__nv_fp8_e4m3", "__nv_fp8_e5m2", "__nv_fp8_e8m0", "__nv_fp4x2_e2m1", "__nv_fp6_e2m3", "__nv_fp6_e3m2":
        return OptionalLong.of(1);
      case "__nv_fp8x2_e4m3", "__nv_fp8x2_e5m2", "__nv_fp8x2_e8m0":
        return OptionalLong.of(2);
      case "__nv_fp8x4_e4m3", "__nv_fp8x4_e5m2", "__nv_fp8x4_e8m0":
        return OptionalLong.of(4);
      case "dim3", "uint3", "int3", "float3":
        return OptionalLong.of(12);
      default:
        break;
    }
    for (String base : new String[] {"uchar", "char", "ushort", "short", "uint", "int", "float", "ulonglong",
        "longlong", "double"}) {
      if (canonical.startsWith(base) && canonical.length() == base.length() + 1
          && Character.isDigit(canonical.charAt(base.length()))) {
        long n = canonical.charAt(base.length()) - '0';
        long size = switch (base) {
          case "uchar", "char" -> 1;
          case "ushort", "short" -> 2;
          case "uint", "int", "float" -> 4;
          default -> 8;
        };
        return n == 3 ? OptionalLong.of(size * 3) : OptionalLong.of(size * n);
      }
    }
    return OptionalLong.empty();
  }
}
