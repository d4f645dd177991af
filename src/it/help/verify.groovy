def log = new File(basedir, "build.log").text
assert log.contains("jitguard:check")
assert log.contains("jitguard:compile")
assert log.contains("jitguard:help")
// parameters, with their user properties
assert log.contains("jitguard.noCache")
assert log.contains("jitguard.strict")
assert log.contains("BUILD SUCCESS")
