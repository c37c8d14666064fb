-- Headless Neovim as a real LSP client of `bitext lsp` (tests/lsp.rs):
-- attaches the server to the buffer opened on the command line, waits for
-- its diagnostics and writes them, one "line:col:code:severity" a line
-- (0-based line, byte column as Neovim keeps them), to $BITEXT_NVIM_OUT.
local config = {
  name = "bitext",
  cmd = { os.getenv("BITEXT_BIN"), "lsp" },
  root_dir = vim.fn.getcwd(),
}
local client_id
if vim.lsp.start then
  client_id = vim.lsp.start(config) -- Neovim 0.8 and later
else
  client_id = vim.lsp.start_client(config) -- Neovim 0.7 (Debian 12)
  vim.lsp.buf_attach_client(0, client_id)
end
vim.wait(30000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
  table.insert(lines, string.format("%d:%d:%s:%d", d.lnum, d.col, code, d.severity))
end
vim.fn.writefile(lines, os.getenv("BITEXT_NVIM_OUT"))
vim.lsp.stop_client(client_id)
vim.cmd("qa!")
