package io.jitguard.gpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One argument of a typed launch: a device buffer, a scalar of a named C++ type, or the bytes of a
 * class passed by value. {@link LaunchCheck} matches each against the kernel's parameter.
 */
public sealed interface KernelArg permits KernelArg.Buffer, KernelArg.Scalar, KernelArg.Bytes {
  /** What the argument is, as a message quotes it: {@code 'DeviceBuffer<bf16>' ('__nv_bfloat16 *')}. */
  String describe();

  /** The bytes cuLaunchKernel copies into the parameter buffer for it. */
  byte[] encode();

  record Buffer(DeviceBuffer<?> buffer) implements KernelArg {
    public String describe() {
      return "'" + buffer.element().bufferName() + "' ('" + buffer.element().cxxType() + " *')";
    }

    public byte[] encode() {
      return little(8).putLong(buffer.address()).array();
    }
  }

  /** A scalar: its C++ type ({@code unsigned int}) and its value's bytes, little-endian. */
  record Scalar(String cxxType, byte[] bytes) implements KernelArg {
    public String describe() {
      return "'" + cxxType + "'";
    }

    public byte[] encode() {
      return bytes.clone();
    }
  }

  /** A class by value: its name as the source writes it ({@code MLAParams}) and its bytes. */
  record Bytes(String typeName, byte[] bytes) implements KernelArg {
    public String describe() {
      return "'" + typeName + "' (" + bytes.length + " bytes)";
    }

    public byte[] encode() {
      return bytes.clone();
    }
  }

  static KernelArg of(DeviceBuffer<?> buffer) {
    return new Buffer(buffer);
  }

  static KernelArg i32(int v) {
    return new Scalar("int", little(4).putInt(v).array());
  }

  static KernelArg u32(int v) {
    return new Scalar("unsigned int", little(4).putInt(v).array());
  }

  static KernelArg i64(long v) {
    return new Scalar("long long", little(8).putLong(v).array());
  }

  static KernelArg u64(long v) {
    return new Scalar("unsigned long long", little(8).putLong(v).array());
  }

  static KernelArg f32(float v) {
    return new Scalar("float", little(4).putFloat(v).array());
  }

  static KernelArg f64(double v) {
    return new Scalar("double", little(8).putDouble(v).array());
  }

  /** The bytes of a class passed by value, laid out as the kernel's parameter type is. */
  static KernelArg struct(String typeName, byte[] bytes) {
    return new Bytes(typeName, bytes.clone());
  }

  private static ByteBuffer little(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
