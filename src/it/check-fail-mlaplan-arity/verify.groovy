def log = new File(basedir, "build.log").text
// the finding, with file, line, column and rule, in the log and in the failure message
assert log.contains("kernels/plan_hopper.cu:6:3: error: no declaration of 'MLAPlan' takes 14 arguments [JG001]")
assert log.contains("note: 'MLAPlan' declared here with 15 parameters")
assert log.contains("1 kernel error")
assert log.contains("BUILD FAILURE")
// the report file, in SARIF
def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, "target/jitguard.sarif"))
assert sarif.version == "2.1.0"
assert sarif.runs[0].results[0].ruleId == "JG001"
assert sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine == 6
