"""Operations: health and readiness probes, structured logs with request ids, data retention."""
