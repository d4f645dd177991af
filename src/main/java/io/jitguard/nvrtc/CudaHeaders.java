package io.jitguard.nvrtc;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the CUDA headers ({@code cuda_bf16.h}, {@code cuda_fp16.h}, CCCL) come from: NVRTC's own
 * bundled set, installed once per NVRTC version under the user's cache folder, or else a CUDA
 * toolkit's {@code include} folder.
 */
public record CudaHeaders(Kind kind, ImmutableList<Path> includeDirs, String origin) {

  public enum Kind { BUNDLED, TOOLKIT }

  /** The header every kernel needs; its presence marks a usable include folder. */
  static final String PROBE_HEADER = "cuda_bf16.h";

  public CudaHeaders {
    includeDirs = ImmutableList.copyOf(includeDirs);
  }

  /** The {@code -I} options for NVRTC. */
  public ImmutableList<String> includeOptions() {
    return includeDirs.stream().map(d -> "-I" + d).collect(ImmutableList.toImmutableList());
  }

  /** True when {@code file} is one of these headers (for collapsing warnings from them). */
  public boolean owns(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return includeDirs.stream().anyMatch(d -> abs.startsWith(d.toAbsolutePath().normalize()));
  }

  /**
   * Finds headers for {@code nvrtc}: the bundled set when it has one, else a toolkit.
   *
   * @throws NvrtcUnavailableException naming every place looked at, when none has headers
   */
  public static CudaHeaders resolve(Nvrtc nvrtc, Path cacheDir, Map<String, String> env) {
    Optional<Nvrtc.BundledHeaders> bundled = nvrtc.bundledHeaders();
    if (bundled.isPresent()) {
      Nvrtc.BundledHeaders info = bundled.get();
      Path dir = cacheDir.resolve("headers").resolve("nvrtc-" + info.cudaMajor() + "." + info.cudaMinor())
          .resolve("include");
      installOnce(nvrtc, dir);
      return new CudaHeaders(Kind.BUNDLED, withCccl(dir),
          "bundled with NVRTC " + nvrtc.version() + ", installed in " + dir);
    }
    return fromToolkit(nvrtc.version(), toolkitRoots(env));
  }

  /** The first toolkit of {@code $CUDA_HOME}, {@code $CUDA_PATH}, {@code /usr/local/cuda} that has headers. */
  static CudaHeaders fromToolkit(NvrtcVersion version, List<Path> roots) {
    List<String> looked = new ArrayList<>();
    for (Path root : roots) {
      Path include = root.resolve("include");
      looked.add(include.toString());
      if (Files.isRegularFile(include.resolve(PROBE_HEADER))) {
        return new CudaHeaders(Kind.TOOLKIT, withCccl(include), "CUDA toolkit at " + root);
      }
    }
    throw new NvrtcUnavailableException("no CUDA headers found: NVRTC " + version
        + " offers none (NVRTC " + NvrtcVersion.BUNDLED_HEADERS + " and newer do, with their builtins library), and no "
        + PROBE_HEADER
        + " in " + String.join(", ", looked) + "; set CUDA_HOME to a CUDA toolkit");
  }

  /** CUDA 13 keeps CCCL ({@code cuda/std/...}, CUB, Thrust) in {@code include/cccl}. */
  private static ImmutableList<Path> withCccl(Path include) {
    Path cccl = include.resolve("cccl");
    return Files.isDirectory(cccl) ? ImmutableList.of(include, cccl) : ImmutableList.of(include);
  }

  static List<Path> toolkitRoots(Map<String, String> env) {
    List<Path> roots = new ArrayList<>();
    for (String var : List.of("CUDA_HOME", "CUDA_PATH")) {
      String v = env.get(var);
      if (v != null && !v.isBlank()) {
        roots.add(Path.of(v));
      }
    }
    roots.add(Path.of("/usr/local/cuda"));
    return roots;
  }

  /**
   * Installs into a private temporary folder, then renames it into place: a reader never sees a
   * half-written folder, and of two processes racing, the loser drops its copy.
   */
  private static void installOnce(Nvrtc nvrtc, Path dir) {
    if (Files.isRegularFile(dir.resolve(PROBE_HEADER))) {
      return;
    }
    Path tmp = null;
    try {
      Files.createDirectories(dir.getParent());
      tmp = Files.createTempDirectory(dir.getParent(), "include.tmp-");
      nvrtc.installBundledHeaders(tmp);
      if (!Files.isRegularFile(tmp.resolve(PROBE_HEADER))) {
        throw new NvrtcUnavailableException("nvrtcInstallBundledHeaders wrote no " + PROBE_HEADER + " into " + tmp);
      }
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        tmp = null;
      } catch (AtomicMoveNotSupportedException e) {
        throw new NvrtcUnavailableException("cannot install headers: " + dir.getParent()
            + " does not support atomic renames", e);
      } catch (IOException e) {
        // Linux reports a rename onto a non-empty folder as "Directory not empty", with no
        // dedicated exception type: if a complete install is there now, another process won
        if (!Files.isRegularFile(dir.resolve(PROBE_HEADER))) {
          throw e;
        }
      }
    } catch (IOException e) {
      throw new NvrtcUnavailableException("cannot install NVRTC's bundled headers into " + dir + ": " + e, e);
    } finally {
      if (tmp != null) {
        deleteTree(tmp);
      }
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort: a leftover temporary folder is harmless
        }
      });
    } catch (IOException e) {
      // best effort
    }
  }
}
