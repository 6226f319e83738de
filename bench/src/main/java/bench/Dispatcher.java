package bench;

/** One system under test, for one run: seeded and started idle, then told to go. */
interface Dispatcher extends AutoCloseable {

  /** The same work for every system: C campaigns × K due contacts, a provider latency. */
  record Work(int campaigns, int contactsEach, int latencyMs, String providerUrl) {
    int total() {
      return campaigns * contactsEach;
    }

    String label() {
      return campaigns + "x" + contactsEach + "-" + latencyMs + "ms";
    }
  }

  /** How ticks went, for the systems a cron drives. */
  record Ticks(int count, long maxMs, int overBudget) {}

  String name();

  /** Launches it lets be in flight at once. */
  int inFlight();

  /** Creates the store, seeds the work (not yet due) and starts the system idle. */
  void prepare(Work work) throws Exception;

  /** Makes the work due now and, for cron-driven systems, starts driving. */
  void go() throws Exception;

  double dispatcherCpuSeconds();

  double storeCpuSeconds();

  long peakRssMb();

  /** Statements (SQL) or commands (Redis) the store executed since the run began. */
  long storeOperations() throws Exception;

  /** "SQL" or "Redis commands". */
  String storeOperationKind();

  /** Tick statistics, or null when nothing ticks. */
  default Ticks ticks() {
    return null;
  }

  @Override
  void close() throws Exception;
}
