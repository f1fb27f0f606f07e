"""What operators look at: liveness, readiness, Prometheus metrics, event archives."""
