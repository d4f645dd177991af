def log = new File(basedir, "build.log").text
assert log.contains("jitguard: skipped (jitguard.skip)")
assert log.contains("BUILD SUCCESS")
