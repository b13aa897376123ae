#!/usr/bin/env node
// Sign a body file with the Standard Webhooks scheme and POST it, using the npm `standardwebhooks`
// package (an implementation independent of the .NET code) and Node's built-in fetch.
//
//   node samples/sign-and-send.mjs <url> <body-file> <whsec_secret> [webhook-id]
//
// e.g. (local host started with `dotnet run --project tools/LifeWindow.LocalHost`):
//   node samples/sign-and-send.mjs http://127.0.0.1:7071/api/feeds/provident-fund \
//     samples/provident-fund/contribution.json whsec_YjhRb20bvSuSQf3bgsJuFH7QauYfx+HuuWZWXFZh/Ro=
//
// The signature covers the exact bytes of the file, and those same bytes are sent.
// Exit code: 0 for a 2xx answer, 1 for any other status, 2 for bad arguments, 3 when the request fails.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Webhook } from "standardwebhooks";

const [url, bodyFile, secret, id] = process.argv.slice(2);
if (!url || !bodyFile || !secret) {
  console.error("usage: node samples/sign-and-send.mjs <url> <body-file> <whsec_secret> [webhook-id]");
  process.exit(2);
}

let body;
let webhook;
try {
  body = await readFile(bodyFile);
  // Webhook.sign() turns a Buffer into a string (UTF-8) before signing; that is byte-exact only for valid UTF-8.
  new TextDecoder("utf-8", { fatal: true }).decode(body);
  webhook = new Webhook(secret);
} catch (error) {
  console.error(`error: ${error.message}`);
  process.exit(2);
}

const msgId = id ?? `msg_${randomUUID().replaceAll("-", "")}`;
const now = new Date();
const headers = {
  "content-type": "application/json",
  "webhook-id": msgId,
  "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
  "webhook-signature": webhook.sign(msgId, now, body),
};

for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
  console.log(`${name}: ${headers[name]}`);
}

let response;
try {
  response = await fetch(url, { method: "POST", headers, body });
} catch (error) {
  const cause = error.cause ? ` (${error.cause.code ?? error.cause.message})` : "";
  console.error(`error: POST ${url} failed: ${error.message}${cause}`);
  process.exit(3);
}

console.log(`HTTP ${response.status} ${response.statusText}`);
const text = await response.text();
if (text) {
  console.log(text);
}
process.exit(response.ok ? 0 : 1);
