// Renders the server's OpenAPI document (/api/v1/openapi.json) as a readable list of operations and schemas.
// Text is only ever set with textContent, never parsed as HTML.
'use strict';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const MAX_DEPTH = 3;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return node;
}

function refName(ref) {
  return ref.split('/').pop();
}

function typeLabel(s) {
  if (!s) return 'any';
  if (s.$ref) return refName(s.$ref);
  let t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type || (s.oneOf ? 'one of' : 'any'));
  if (s.type === 'array' && s.items) t = 'array of ' + typeLabel(s.items);
  if (s.format) t += ' (' + s.format + ')';
  if (s.enum) t += ': ' + s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.pattern) t += ' matching ' + s.pattern;
  if (s.minimum !== undefined) t += ', min ' + s.minimum;
  return t;
}

function typeNode(s) {
  if (s && s.$ref) {
    const name = refName(s.$ref);
    return el('a', { class: 'type', href: '#schema-' + name }, name);
  }
  if (s && s.type === 'array' && s.items && s.items.$ref) {
    return el('span', { class: 'type' }, 'array of ', typeNode(s.items));
  }
  return el('span', { class: 'type' }, typeLabel(s));
}

// A schema as a nested list: object properties, one-of alternatives, array items; refs link to their schema.
function schemaNode(s, depth) {
  const list = el('ul', { class: 'schema' });
  if (!s || depth > MAX_DEPTH) return list;
  if (s.description && depth === 0) list.append(el('li', { class: 'muted' }, s.description));
  const required = new Set(s.required || []);
  for (const [name, prop] of Object.entries(s.properties || {})) {
    const item = el('li', {}, el('code', {}, name), ' ', typeNode(prop),
      required.has(name) ? el('span', { class: 'req' }, 'required') : null,
      prop.description ? el('span', { class: 'muted' }, ' — ' + prop.description) : null);
    if (!prop.$ref && (prop.properties || prop.oneOf)) item.append(schemaNode(prop, depth + 1));
    list.append(item);
  }
  for (const [i, alt] of (s.oneOf || s.anyOf || []).entries()) {
    list.append(el('li', {}, 'variant ' + (i + 1) + ': ', typeNode(alt), schemaNode(alt.$ref ? null : alt, depth + 1)));
  }
  if (s.allOf) for (const part of s.allOf) list.append(el('li', {}, typeNode(part), schemaNode(part.$ref ? null : part, depth + 1)));
  return list;
}

function contentNode(content) {
  const box = el('div', {});
  for (const [type, media] of Object.entries(content || {})) {
    box.append(el('div', {}, el('code', {}, type), ' ', typeNode(media.schema)));
    if (media.schema && !media.schema.$ref) box.append(schemaNode(media.schema, 1));
  }
  return box;
}

function paramsTable(params) {
  const table = el('table', {}, el('tr', {}, el('th', {}, 'Parameter'), el('th', {}, 'In'), el('th', {}, 'Type'), el('th', {}, 'Description')));
  for (const p of params) {
    table.append(el('tr', {},
      el('td', {}, el('code', {}, p.name), p.required ? el('span', { class: 'req' }, 'required') : null),
      el('td', {}, p.in), el('td', {}, typeNode(p.schema)), el('td', {}, p.description || '')));
  }
  return table;
}

function responsesTable(responses) {
  const table = el('table', {}, el('tr', {}, el('th', {}, 'Status'), el('th', {}, 'Description'), el('th', {}, 'Body')));
  for (const [status, r] of Object.entries(responses || {})) {
    const headers = Object.keys(r.headers || {});
    table.append(el('tr', {},
      el('td', {}, el('span', { class: 'status s' + status[0] }, status)),
      el('td', {}, r.description || '', headers.length ? el('div', { class: 'muted' }, 'Headers: ' + headers.join(', ')) : null),
      el('td', {}, contentNode(r.content))));
  }
  return table;
}

function operationNode(method, path, op) {
  const id = 'op-' + method + '-' + path.replace(/[^a-zA-Z0-9]+/g, '-');
  const box = el('section', { class: 'op', id },
    el('h3', {}, el('span', { class: 'method ' + method }, method), el('span', { class: 'path' }, path),
      el('span', { class: 'summary' }, op.summary || '')));
  if (op.description && op.description !== op.summary) box.append(el('p', {}, op.description));
  if (op.parameters && op.parameters.length) box.append(el('h4', {}, 'Parameters'), paramsTable(op.parameters));
  if (op.requestBody) {
    box.append(el('h4', {}, 'Request body'), op.requestBody.description ? el('p', { class: 'muted' }, op.requestBody.description) : null,
      contentNode(op.requestBody.content));
  }
  box.append(el('h4', {}, 'Responses'), responsesTable(op.responses));
  return { box, id };
}

function render(doc) {
  document.getElementById('title').textContent = doc.info.title + ' ' + (doc.info.version || '');
  document.getElementById('summary').textContent = doc.info.description || '';
  const main = document.getElementById('operations');
  const toc = el('ul', {});
  main.replaceChildren(el('h2', {}, 'Operations'));
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const method of METHODS) {
      if (!item[method]) continue;
      const { box, id } = operationNode(method, path, item[method]);
      main.append(box);
      toc.append(el('li', {}, el('a', { href: '#' + id }, method.toUpperCase() + ' ' + path)));
    }
  }
  document.getElementById('toc').replaceChildren(toc);
  const schemas = document.getElementById('schemas');
  schemas.replaceChildren(el('h2', {}, 'Schemas'));
  const components = (doc.components && doc.components.schemas) || {};
  for (const name of Object.keys(components).sort()) {
    const s = components[name];
    schemas.append(el('div', { class: 'component', id: 'schema-' + name },
      el('h3', {}, name, ' ', el('span', { class: 'type' }, typeLabel(s))), schemaNode(s, 0)));
  }
}

fetch('/api/v1/openapi.json', { headers: { Accept: 'application/json' } })
  .then((res) => {
    if (!res.ok) throw new Error('the server answered ' + res.status);
    return res.json();
  })
  .then(render)
  .catch((err) => {
    document.getElementById('operations').replaceChildren(el('p', { class: 'error' }, 'Cannot load the API description: ' + err.message));
  });
