#!/usr/bin/env python3
"""Decodes Confluent-wire-format Avro records with Confluent's own deserializer (confluent-kafka).

Usage: confluent-decode.py REGISTRY_URL TOPIC < hex lines (one record value per line)
Prints one JSON object per record. An independent reader of what the pipeline writes: the test
suite runs it where Debian's kcat lacks Avro support (no libserdes in Debian).
"""
import json
import sys

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext


def main() -> None:
    url, topic = sys.argv[1], sys.argv[2]
    deserialize = AvroDeserializer(SchemaRegistryClient({"url": url}))
    ctx = SerializationContext(topic, MessageField.VALUE)
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(deserialize(bytes.fromhex(line.strip()), ctx), default=str))


if __name__ == "__main__":
    main()
