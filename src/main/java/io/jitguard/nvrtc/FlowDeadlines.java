package io.jitguard.nvrtc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.cuda.nvrtc.Callback_Pointer_Pointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The time limits of compiles in flight, for NVRTC's flow callback ({@code nvrtcSetFlowCallback}):
 * NVRTC calls it now and then during {@code nvrtcCompileProgram}, and a return of 1 cancels the
 * compile. One callback serves every compile (JavaCPP allots few callback instances per type); its
 * payload is a ticket naming the compile's deadline.
 */
final class FlowDeadlines {
  private static final Map<Long, Long> DEADLINES = new ConcurrentHashMap<>();
  private static final AtomicLong TICKETS = new AtomicLong();

  static final Callback_Pointer_Pointer CALLBACK = new Callback_Pointer_Pointer() {
    @Override
    public int call(Pointer payload, Pointer reserved) {
      Long deadline = payload == null ? null : DEADLINES.get(payload.address());
      return deadline != null && System.nanoTime() > deadline ? 1 : 0;
    }
  };

  static {
    // kept for the life of the process, even if first allocated inside a PointerScope, which would free it on close
    CALLBACK.retainReference();
  }

  private FlowDeadlines() {}

  /** Loads the class, and so allocates the callback, where the caller stands (outside any PointerScope). */
  static void init() {
    if (CALLBACK.isNull()) {
      throw new IllegalStateException("NVRTC's flow callback could not be allocated");
    }
  }

  /** A ticket for a compile that must end by {@code deadlineNanos} ({@link System#nanoTime()}). */
  static long register(long deadlineNanos) {
    long ticket = TICKETS.incrementAndGet();
    DEADLINES.put(ticket, deadlineNanos);
    return ticket;
  }

  static Pointer payload(long ticket) {
    return new Pointer() {
      {
        address = ticket;
      }
    };
  }

  static void release(long ticket) {
    if (ticket != 0) {
      DEADLINES.remove(ticket);
    }
  }
}
