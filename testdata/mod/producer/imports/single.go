package imports

import "net/http"

import "github.com/IBM/sarama"

// The last import declaration has a single spec: the fix makes it a block.
func Single(w http.ResponseWriter, r *http.Request) {
	p := r.Context().Value("producer").(sarama.AsyncProducer)
	p.Input() <- &sarama.ProducerMessage{Topic: "single"} // want `a message is sent on sarama AsyncProducer.Input\(\) without`
}
