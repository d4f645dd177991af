def log = new File(basedir, "build.log").text
assert log.contains("jitguard check: 0 findings in 2 units, 0 errors")
assert log.contains("BUILD SUCCESS")
