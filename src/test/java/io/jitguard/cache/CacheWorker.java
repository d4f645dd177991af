package io.jitguard.cache;

import com.google.common.collect.ImmutableList;
import io.jitguard.matrix.CompileRequest;
import io.jitguard.matrix.MatrixCompiler;
import io.jitguard.matrix.MatrixResult;
import io.jitguard.matrix.ProgressListener;
import io.jitguard.nvrtc.Toolchain;
import java.nio.file.Path;

/**
 * A child process for the cache's concurrency and fault tests (the cache folder comes from
 * {@code JITGUARD_CACHE_DIR}, as for any user). {@code compile MANIFEST OUT [SHARD|-] [REMOTE-URL|-]}:
 * compiles the matrix (or a share of it, through a cache server) and prints what came from the cache. {@code write KEY MEGABYTES}: writes one large entry over and
 * over, to be killed mid-write.
 */
public final class CacheWorker {
  private CacheWorker() {}

  public static void main(String[] args) {
    if (args[0].equals("compile")) {
      KernelCache cache = KernelCache.forUser(false, System.err::println);
      if (args.length > 4 && !args[4].equals("-")) {
        cache.withRemote(new RemoteCache(RemoteCache.Config.of(args[4], false, java.util.Map.of(), "remote"),
            System.err::println));
      }
      java.util.Optional<io.jitguard.plan.Shard> shard = args.length > 3 && !args[3].equals("-")
          ? java.util.Optional.of(io.jitguard.plan.Shard.parse(args[3], "shard")) : java.util.Optional.empty();
      MatrixResult r = new MatrixCompiler(Toolchain.load(), cache).run(new CompileRequest(Path.of(args[1]),
          ImmutableList.of(), ImmutableList.of(), 1, Path.of(args[2]), false, true, true, 0, shard),
          ProgressListener.NONE);
      System.out.println("units=" + r.units().size() + " fromCache=" + r.cache().fromCache() + " compiled="
          + r.cache().compiled() + " failed=" + r.failedUnits() + " byTimes=" + r.shardByRecordedTimes());
      System.exit(r.ok() ? 0 : 1);
    }
    KernelCache cache = KernelCache.forUser(false, System.err::println);
    CacheEntry big = KernelCacheTest.entry(Integer.parseInt(args[2]) << 20);
    System.out.println("writing");
    System.out.flush();
    while (true) {
      cache.put(args[1], big);
    }
  }
}
