package io.jitguard.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Upload and download rates of the remote tier's client against a server (bench/remote_cache.sh
 * starts a loopback nginx): {@code URL COUNT MEGABYTES}, each entry that size, 8 transfers at once.
 */
public final class RemoteCacheBenchmark {
  private RemoteCacheBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[1]);
    int bytes = Integer.parseInt(args[2]) << 20;
    RemoteCache.Config c = RemoteCache.Config.of(args[0], false, Map.of(), "url");
    RemoteCache remote = new RemoteCache(new RemoteCache.Config(c.base(), c.token(), false, Duration.ofSeconds(60), 8),
        System.err::println);
    byte[] data = KernelCacheTest.entry(bytes).encode();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (String phase : new String[] {"upload", "download"}) {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = KernelCacheTest.key(1000 + i);
        done.add(pool.submit(phase.equals("upload") ? () -> remote.put(key, data)
            : () -> remote.get(key).orElseThrow()));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double s = (System.nanoTime() - start) / 1e9;
      System.out.printf("%s: %d entries of %.1f MB in %.2f s: %.0f MB/s, %.0f entries/s%n", phase, count,
          data.length / 1e6, s, count * (double) data.length / 1e6 / s, count / s);
    }
    pool.shutdown();
  }
}
