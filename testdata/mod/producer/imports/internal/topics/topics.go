// Package topics names the Kafka topics of the imports test.
package topics

// Orders is the topic of order events.
const Orders = "orders"
