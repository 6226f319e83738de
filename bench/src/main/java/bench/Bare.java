package bench;

/** The bare client (BareClient.java): the machine's ceiling for a JVM dispatcher, no store. */
final class Bare extends ChildSystem {

  static final String NAME = "bare HTTP client (no store)";

  Bare(Bench bench) {
    super(bench);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void prepare(Work work) throws Exception {
    child =
        startMain(
            work,
            "bench.BareClient",
            work.providerUrl(),
            String.valueOf(work.total()),
            String.valueOf(bench.inFlight()));
  }

  @Override
  public void go() throws Exception {
    child.send("go");
  }

  @Override
  public double storeCpuSeconds() {
    return 0;
  }

  @Override
  public long storeOperations() {
    return 0;
  }

  @Override
  public String storeOperationKind() {
    return "none";
  }
}
