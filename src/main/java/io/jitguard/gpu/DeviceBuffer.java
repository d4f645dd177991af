package io.jitguard.gpu;

/**
 * Device memory holding {@code count} elements of one type, allocated through the driver. A typed
 * launch ({@link KernelRuntime#launch}) passes it only to a pointer parameter of the same
 * element type (or {@code void *}). Closing one it allocated frees the memory.
 */
public final class DeviceBuffer<T> implements AutoCloseable {
  private final CudaDriver driver;
  private final Element<T> element;
  private final long count;
  private final boolean owned;
  private long address;

  private DeviceBuffer(CudaDriver driver, Element<T> element, long count, long address, boolean owned) {
    this.driver = driver;
    this.element = element;
    this.count = count;
    this.address = address;
    this.owned = owned;
  }

  /**
   * Device memory allocated elsewhere (a framework's tensor, another library's workspace), seen as
   * {@code count} elements of {@code element}: launches check it like any other; closing it frees
   * nothing. {@code driver} may be null when the buffer is only passed to launches.
   */
  public static <T> DeviceBuffer<T> wrap(CudaDriver driver, Element<T> element, long address, long count) {
    return new DeviceBuffer<>(driver, element, count, address, false);
  }

  /** {@code count} elements, uninitialised. */
  public static <T> DeviceBuffer<T> allocate(CudaDriver driver, Element<T> element, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("a buffer of " + count + " elements");
    }
    return new DeviceBuffer<>(driver, element, count, driver.alloc(Math.multiplyExact(count, (long) element.bytes())),
        true);
  }

  /** A buffer holding {@code bytes} (their length a whole number of elements), uploaded. */
  public static <T> DeviceBuffer<T> of(CudaDriver driver, Element<T> element, byte[] bytes) {
    if (bytes.length % element.bytes() != 0) {
      throw new IllegalArgumentException(bytes.length + " bytes are not a whole number of " + element.label()
          + " elements");
    }
    DeviceBuffer<T> b = allocate(driver, element, bytes.length / element.bytes());
    driver.upload(b.address(), bytes);
    return b;
  }

  public Element<T> element() {
    return element;
  }

  public long count() {
    return count;
  }

  public long bytes() {
    return count * element.bytes();
  }

  /** The device address. */
  public long address() {
    if (address == 0 && count > 0) {
      throw new IllegalStateException("this " + element.bufferName() + " was freed");
    }
    return address;
  }

  /** {@code data} into the buffer from element {@code at} on. */
  public void upload(long at, byte[] data) {
    if (at < 0 || at * element.bytes() + data.length > bytes()) {
      throw new IndexOutOfBoundsException(data.length + " bytes at element " + at + " of a " + element.bufferName()
          + " of " + count);
    }
    driver.upload(address() + at * element.bytes(), data);
  }

  /** The whole buffer's bytes (at most 2 GB). */
  public byte[] download() {
    return driver.download(address(), Math.toIntExact(bytes()));
  }

  /** Every byte set to {@code value}. */
  public void fill(byte value) {
    driver.fill(address(), value, bytes());
  }

  @Override
  public void close() {
    if (owned && address != 0) {
      driver.free(address);
    }
    address = 0;
  }

  @Override
  public String toString() {
    return element.bufferName() + "[" + count + "]";
  }
}
