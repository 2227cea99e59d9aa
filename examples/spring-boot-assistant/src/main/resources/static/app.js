// The fuel-station assistant page: plain fetch, no framework. Errors from the server are {"error": "..."}.
'use strict';

function show(el, text) { el.textContent = text; el.hidden = !text; }

async function errorOf(response) {
  try { const body = await response.json(); if (body && body.error) return body.error; } catch (e) { /* not JSON */ }
  return 'The server answered ' + response.status + '.';
}

function fillRows(tbody, rows) {
  tbody.innerHTML = '';
  rows.forEach(cells => {
    const tr = document.createElement('tr');
    cells.forEach((c, i) => { const td = document.createElement(i === 0 ? 'th' : 'td'); td.textContent = c; tr.appendChild(td); });
    tbody.appendChild(tr);
  });
}

// ---- upload: OCR text, fields, Textract table
document.getElementById('upload-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const error = document.getElementById('upload-error');
  const status = document.getElementById('upload-status');
  const result = document.getElementById('upload-result');
  show(error, '');
  const file = document.getElementById('file').files[0];
  if (!file) { show(error, 'Choose an image file to upload.'); return; }
  if (file.size > 32 * 1024 * 1024) { show(error, 'The file is too large: upload an image of at most 5 MB.'); return; }
  const form = new FormData();
  form.append('file', file);
  status.textContent = 'Analysing ' + file.name + ' ...';
  result.hidden = true;
  const response = await fetch('api/documents', { method: 'POST', body: form });
  status.textContent = '';
  if (!response.ok) { show(error, await errorOf(response)); return; }
  const doc = await response.json();
  fillRows(document.querySelector('#fields tbody'), Object.entries(doc.fields));
  fillRows(document.querySelector('#ocr-fields tbody'), doc.ocrFields.map(f => [f.label, f.value]));
  const tables = document.getElementById('textract-tables');
  tables.innerHTML = '';
  doc.tables.forEach(grid => {
    const t = document.createElement('table'); t.className = 'textract-table';
    const tb = document.createElement('tbody'); t.appendChild(tb); fillRows(tb, grid); tables.appendChild(t);
  });
  document.getElementById('ocr-text').textContent = doc.ocrText;
  document.getElementById('ocr-confidence').textContent = '(confidence ' + doc.ocrConfidence + '%)';
  result.hidden = false;
  status.textContent = 'Analysed ' + doc.name + '.';
});

// ---- chat: the answer streams as server-sent events (token ..., then done or error)
function handleEvent(name, data, answer, status, error) {
  const payload = JSON.parse(data);
  if (name === 'token') {
    answer.textContent += payload.text;
    status.textContent = 'streaming';
  } else if (name === 'done') {
    status.textContent = 'done: ' + payload.outputTokens + ' tokens, $' + payload.costUsd;
    refreshCost();
  } else if (name === 'error') {
    show(error, payload.error);
    status.textContent = 'failed';
  }
}

document.getElementById('chat-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const input = document.getElementById('chat-input');
  const answer = document.getElementById('chat-answer');
  const status = document.getElementById('chat-status');
  const error = document.getElementById('chat-error');
  show(error, '');
  answer.textContent = '';
  status.textContent = 'waiting';
  const response = await fetch('api/chat', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ message: input.value })
  });
  if (!response.ok) { status.textContent = ''; show(error, await errorOf(response)); return; }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
      let name = 'message'; const data = [];
      block.split('\n').forEach(line => {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5));
      });
      if (data.length) handleEvent(name, data.join('\n'), answer, status, error);
    }
  }
});

// ---- Lex
document.getElementById('lex-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const input = document.getElementById('lex-input');
  const error = document.getElementById('lex-error');
  show(error, '');
  const response = await fetch('api/lex', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ message: input.value })
  });
  if (!response.ok) { show(error, await errorOf(response)); return; }
  const turn = await response.json();
  const log = document.getElementById('lex-log');
  const you = document.createElement('li'); you.textContent = 'You: ' + input.value; log.appendChild(you);
  const bot = document.createElement('li'); bot.className = 'bot';
  bot.textContent = 'Bot: ' + turn.reply + (turn.intent ? ' [' + turn.intent + ', ' + turn.state + ']' : '');
  log.appendChild(bot);
  input.value = '';
});

// ---- running cost
async function refreshCost() {
  const response = await fetch('api/cost');
  if (!response.ok) return;
  const c = await response.json();
  document.getElementById('cost').textContent = 'Cost: $' + c.totalUsd + ' (' + c.calls + ' calls, '
    + c.inputTokens + ' in / ' + c.outputTokens + ' out tokens)';
}
refreshCost();
setInterval(refreshCost, 5000);
