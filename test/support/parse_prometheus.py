"""Reads the Prometheus text exposition format on stdin with the Prometheus project's own parser
(prometheus_client.parser) and prints the families as JSON: name, type and samples."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

families = []
for family in text_string_to_metric_families(sys.stdin.read()):
    families.append({
        "name": family.name,
        "type": family.type,
        "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples],
    })
json.dump(families, sys.stdout)
