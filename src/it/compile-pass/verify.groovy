def out = new File(basedir, "target/classes/jitguard")
assert new File(out, "index.json").isFile()
for (target in ["sm_80", "sm_90a"]) {
  for (t in ["t-float", "t-int"]) {
    def cubin = new File(out, "scale/portable/" + target + "/" + t + ".cubin")
    assert cubin.isFile() : "missing " + cubin
    byte[] head = cubin.bytes[0..3] as byte[]
    assert head == [0x7f, 0x45, 0x4c, 0x46] as byte[] : cubin.toString() + " is not an ELF file"
  }
}
def log = new File(basedir, "build.log").text
assert log.contains("ok: every family has a working variant on every target")
// the project config beside the manifest applies
assert log.contains(", 1 job")
