// Package events defines the order events the shop's services exchange over
// Kafka.
package events

import "time"

// Kafka topics.
const (
	TopicOrderPlaced    = "orders.placed"
	TopicOrderCancelled = "orders.cancelled"
	TopicPaymentTaken   = "payments.taken"
	TopicRefundIssued   = "payments.refunded"
)

// OrderPlaced is published when a customer places an order.
type OrderPlaced struct {
	OrderID    string    `json:"order_id"`
	CustomerID string    `json:"customer_id"`
	Items      []Item    `json:"items"`
	TotalCents int64     `json:"total_cents"`
	PlacedAt   time.Time `json:"placed_at"`
}

// Item is one line of an order.
type Item struct {
	SKU      string `json:"sku"`
	Quantity int    `json:"quantity"`
}

// OrderCancelled is published when a customer cancels an order.
type OrderCancelled struct {
	OrderID string `json:"order_id"`
	Reason  string `json:"reason"`
}

// PaymentTaken is published when the payment for an order is captured.
type PaymentTaken struct {
	OrderID     string `json:"order_id"`
	AmountCents int64  `json:"amount_cents"`
}

// RefundIssued is published when an order's payment is refunded.
type RefundIssued struct {
	OrderID     string `json:"order_id"`
	AmountCents int64  `json:"amount_cents"`
}
