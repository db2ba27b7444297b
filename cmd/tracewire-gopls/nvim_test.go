package main

import (
	"context"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The Neovim configuration the test uses is the one docs/editors.md gives:
// the lua block after this marker.
const nvimMarker = "<!-- tested by cmd/tracewire-gopls/nvim_test.go -->"

// nvimDriver drives Neovim once the configuration has opened service.go:
// it waits for the diagnostics, records what the screen shows, appends a
// printf mistake (a gopls diagnostic) to the buffer, applies tracewire's
// quick fix through vim.lsp.buf.code_action, saves, and waits for the
// finding to go. Every step writes lines to the result file.
const nvimDriver = `
local result = os.getenv('NVIM_TEST_RESULT')
local out = {}
local t0 = vim.loop.hrtime()
local function log(line) table.insert(out, line) end
local function stamp(what) log(string.format('time %.1fs %s', (vim.loop.hrtime() - t0) / 1e9, what)) end
local function finish(status)
  log('status ' .. status)
  vim.fn.writefile(out, result)
  vim.cmd('qall!')
end
local function diags(pred)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if pred(d) then table.insert(found, d) end
  end
  return found
end
local function is_send(d) return d.source == 'tracewire' and d.message:find('SendMessage sends msg without', 1, true) end
local function is_publish(d) return d.source == 'tracewire' and d.message:find('messaging.Publish sends msg', 1, true) end
local function is_printf(d) return d.source ~= 'tracewire' and d.message:find('wrong type string', 1, true) end
local timeout = 180000

-- An edit from Neovim: a gopls finding, sent with didChange.
local n = vim.api.nvim_buf_line_count(0)
vim.api.nvim_buf_set_lines(0, n, n, false, { '', 'func debugOrder(id string) string { return fmt.Sprintf("order %d", id) }' })

if not vim.wait(timeout, function() return #diags(is_send) > 0 and #diags(is_publish) > 0 and #diags(is_printf) > 0 end, 100) then
  for _, d in ipairs(vim.diagnostic.get(0)) do log('diag ' .. (d.source or '?') .. ': ' .. d.message) end
  return finish('no-diagnostics')
end
stamp('diagnostics')
for _, d in ipairs(vim.diagnostic.get(0)) do
  log(string.format('diag %d:%d %s %s %s', d.lnum + 1, d.col + 1, d.source or '', tostring(d.code), d.message))
end

-- The screen: each line with a tracewire finding and the virtual text
-- Neovim draws after it; and the quickfix list.
for _, ns in pairs(vim.diagnostic.get_namespaces()) do
  local vns = ns.user_data and ns.user_data.virt_text_ns
  for _, m in ipairs(vns and vim.api.nvim_buf_get_extmarks(0, vns, 0, -1, { details = true }) or {}) do
    local details = m[4]
    if details.virt_text then
      local text = ''
      for _, chunk in ipairs(details.virt_text) do text = text .. chunk[1] end
      if text:find('trace context', 1, true) then
        local line = vim.api.nvim_buf_get_lines(0, m[2], m[2] + 1, false)[1]
        log('screen ' .. line .. text)
      end
    end
  end
end
vim.diagnostic.setqflist({ open = false })
for _, l in ipairs(vim.split(vim.fn.execute('clist'), '\n')) do
  if l ~= '' then log('clist ' .. l) end
end

-- The quick fix, chosen from vim.lsp.buf.code_action's menu.
local send = diags(is_send)[1]
vim.api.nvim_win_set_cursor(0, { send.lnum + 1, send.col })
local offered = {}
vim.ui.select = function(items, opts, on_choice)
  for i, item in ipairs(items) do
    local action = item.action or item[2] -- Neovim 0.10+: {action, ctx}; 0.7: {client_id, action}
    table.insert(offered, action.title)
    if action.kind == 'quickfix' and action.title:find('Inject the trace context', 1, true) then
      log('chose ' .. action.title)
      return on_choice(item, i)
    end
  end
  log('offered ' .. table.concat(offered, ' | '))
  on_choice(nil, nil)
end
vim.lsp.buf.code_action()
local function fixed()
  for _, l in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    if l:find('otel.GetTextMapPropagator().Inject(ctx, carrier)', 1, true) then return true end
  end
  return false
end
if not vim.wait(timeout, fixed, 100) then
  log('offered ' .. table.concat(offered, ' | '))
  return finish('not-fixed')
end
log('offered ' .. table.concat(offered, ' | '))
stamp('fixed')
vim.cmd('write')
if not vim.wait(timeout, function() return #diags(is_send) == 0 and #diags(is_publish) > 0 and #diags(is_printf) > 0 end, 100) then
  for _, d in ipairs(vim.diagnostic.get(0)) do log('after ' .. (d.source or '?') .. ': ' .. d.message) end
  return finish('finding-stayed')
end
for _, d in ipairs(vim.diagnostic.get(0)) do
  log(string.format('after %d:%d %s %s', d.lnum + 1, d.col + 1, d.source or '', d.message))
end
stamp('finding gone')
finish('ok')
`

// TestNeovim runs headless Neovim, configured as docs/editors.md says, on
// a copy of the demo.
func TestNeovim(t *testing.T) {
	bin, gopls := setup(t)
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		msg := "nvim is not installed: run scripts/test.sh (it installs Debian's neovim)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	config := nvimConfig(t)
	dir := demoCopy(t)
	home := t.TempDir()
	initLua := filepath.Join(home, "init.lua")
	driver := filepath.Join(home, "driver.lua")
	result := filepath.Join(home, "result.txt")
	if err := os.WriteFile(initLua, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(driver, []byte(nvimDriver), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-n", "-i", "NONE", "-u", initLua,
		filepath.Join("orderapi", "service.go"), "-c", "luafile "+driver)
	cmd.Dir = dir
	// The configuration runs tracewire-gopls from PATH. Neovim's
	// files go to a fresh home; the go command's build cache (which
	// defaults to one under XDG_CACHE_HOME) stays the test's.
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOCACHE: %v", err)
	}
	cmd.Env = append(childEnv(gopls),
		"GOCACHE="+strings.TrimSpace(string(gocache)),
		"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"NVIM_TEST_RESULT="+result,
		"XDG_CONFIG_HOME="+home, "XDG_DATA_HOME="+home, "XDG_STATE_HOME="+home, "XDG_CACHE_HOME="+home)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("nvim ran for %v", time.Since(start).Round(time.Millisecond))
	data, rerr := os.ReadFile(result)
	lspLog, _ := os.ReadFile(filepath.Join(home, "nvim", "lsp.log"))
	if err != nil || rerr != nil {
		t.Fatalf("nvim: %v %v\n%s\nresult:\n%s\nlsp.log:\n%s", err, rerr, out, data, lspLog)
	}
	if os.Getenv("NVIM_TEST_LSPLOG") != "" {
		t.Logf("lsp.log:\n%s", lspLog)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	t.Logf("Neovim:\n%s", data)
	if last := lines[len(lines)-1]; last != "status ok" {
		t.Fatalf("Neovim driver: %s\n%s\nlsp.log:\n%s", last, data, lspLog)
	}
	var screen, chose bool
	for _, l := range lines {
		screen = screen || strings.HasPrefix(l, "screen ") && strings.Contains(l, sendFinding)
		chose = chose || l == "chose Inject the trace context into the message headers"
	}
	if !screen {
		t.Errorf("Neovim did not show the finding as virtual text")
	}
	if !chose {
		t.Errorf("Neovim's code action menu did not offer the quick fix")
	}
	if !regexp.MustCompile(`(?m)^diag \d+:\d+ tracewire producerinject `).Match(data) {
		t.Errorf("no tracewire diagnostic with code producerinject in Neovim")
	}
	saved := readFile(t, filepath.Join(dir, "orderapi", "service.go"))
	if formatted, err := format.Source([]byte(saved)); err != nil || string(formatted) != saved {
		t.Errorf("the file Neovim saved is not gofmt-clean (%v):\n%s", err, saved)
	}
}

// nvimConfig returns the lua configuration docs/editors.md gives for
// Neovim 0.7.
func nvimConfig(t *testing.T) string {
	t.Helper()
	doc := readFile(t, "../../docs/editors.md")
	_, rest, ok := strings.Cut(doc, nvimMarker)
	if !ok {
		t.Fatalf("docs/editors.md has no %s", nvimMarker)
	}
	_, rest, ok = strings.Cut(rest, "```lua\n")
	if !ok {
		t.Fatalf("docs/editors.md has no lua block after %s", nvimMarker)
	}
	block, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("unterminated lua block in docs/editors.md")
	}
	return block
}
