package io.jitguard.nvrtc;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compile worker process of {@link WorkerPool}: one NVRTC of its own, one program at a time, read
 * from stdin and answered on stdout in a small binary protocol (lengths before bytes; a CUBIN goes as
 * its bytes, not as text). It ends when stdin does, so it dies with the run that started it.
 *
 * <p>Nothing but the protocol reaches stdout: {@link System#out} is redirected to nothing first.
 * Every message begins with an int: {@link #READY} or {@link #FAILED} once at start (FAILED carries
 * the reason), then {@link #OK} or {@link #ERROR} for each program.
 */
public final class CompileWorker {
  static final int READY = 0x4A475752; // "JGWR"
  static final int FAILED = 0x4A475746; // "JGWF"
  static final int OK = 1;
  static final int ERROR = 2;

  private CompileWorker() {}

  public static void main(String[] args) throws IOException {
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    System.setOut(new PrintStream(OutputStream.nullOutputStream())); // nothing else may write to the protocol
    io.jitguard.trace.PhaseTrace.mark("worker main entered");
    Nvrtc nvrtc;
    try {
      nvrtc = Nvrtc.load();
    } catch (RuntimeException e) {
      out.writeInt(FAILED);
      writeString(out, e.getMessage() == null ? e.toString() : e.getMessage());
      out.flush();
      return;
    }
    out.writeInt(READY);
    out.flush();
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
    while (true) {
      NvrtcProgram p;
      try {
        p = readProgram(in);
      } catch (EOFException e) {
        return; // the pool closed our stdin, or its process ended
      }
      answer(nvrtc, p, out);
      out.flush();
    }
  }

  static void writeProgram(DataOutputStream out, NvrtcProgram p) throws IOException {
    writeString(out, p.name());
    writeString(out, p.source());
    writeStrings(out, p.options());
    writeStrings(out, p.nameExpressions());
    out.writeBoolean(p.wantPtx());
    out.writeLong(p.timeoutMillis());
  }

  static NvrtcProgram readProgram(DataInputStream in) throws IOException {
    String name = readString(in);
    String source = readString(in);
    ImmutableList<String> options = readStrings(in);
    ImmutableList<String> names = readStrings(in);
    boolean ptx = in.readBoolean();
    long timeout = in.readLong();
    return new NvrtcProgram(name, source, options, names, true, ptx, timeout);
  }

  private static void answer(Nvrtc nvrtc, NvrtcProgram p, DataOutputStream out) throws IOException {
    try {
      NvrtcOutput o = nvrtc.compile(p);
      out.writeInt(OK);
      writeString(out, o.log());
      out.writeLong(o.compileNanos());
      writeBytes(out, o.cubin().orElse(null));
      writeBytes(out, o.ptx().map(x -> x.getBytes(StandardCharsets.UTF_8)).orElse(null));
      out.writeInt(o.loweredNames().size());
      for (Map.Entry<String, String> e : o.loweredNames().entrySet()) {
        writeString(out, e.getKey());
        writeString(out, e.getValue());
      }
    } catch (NvrtcException e) {
      error(out, e.call(), e.status(), e.statusName(), e.log());
    } catch (RuntimeException e) {
      error(out, "worker", -1, e.toString(), "");
    }
  }

  private static void error(DataOutputStream out, String call, int status, String statusName, String log)
      throws IOException {
    out.writeInt(ERROR);
    writeString(out, call);
    out.writeInt(status);
    writeString(out, statusName);
    writeString(out, log);
  }

  /**
   * The answer to {@code p}, as this process's NVRTC would have given it.
   *
   * @throws NvrtcException for a program NVRTC refused, with its log
   * @throws IOException when the stream ends or is not the protocol
   */
  static NvrtcOutput readAnswer(DataInputStream in, NvrtcProgram p) throws IOException {
    int kind = in.readInt();
    if (kind == ERROR) {
      String call = readString(in);
      int status = in.readInt();
      String statusName = readString(in);
      throw new NvrtcException(call, status, statusName, readString(in), p.options());
    }
    if (kind != OK) {
      throw new IOException("not an answer of the worker protocol (" + Integer.toHexString(kind) + ")");
    }
    String log = readString(in);
    long nanos = in.readLong();
    Optional<byte[]> cubin = Optional.ofNullable(readBytes(in));
    Optional<String> ptx = Optional.ofNullable(readBytes(in)).map(b -> new String(b, StandardCharsets.UTF_8));
    int n = in.readInt();
    ImmutableMap.Builder<String, String> names = ImmutableMap.builder();
    for (int i = 0; i < n; i++) {
      names.put(readString(in), readString(in));
    }
    return new NvrtcOutput(log, cubin, ptx, names.build(), nanos);
  }

  static void writeString(DataOutputStream out, String s) throws IOException {
    writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  static String readString(DataInputStream in) throws IOException {
    byte[] b = readBytes(in);
    if (b == null) {
      throw new IOException("a string of the worker protocol is missing");
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    if (b == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  private static void writeStrings(DataOutputStream out, List<String> list) throws IOException {
    out.writeInt(list.size());
    for (String s : list) {
      writeString(out, s);
    }
  }

  private static ImmutableList<String> readStrings(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(readString(in));
    }
    return ImmutableList.copyOf(out);
  }
}
