// Product names from the catalogue (GET /v1/product-versions), cached for the page's life.

import { api } from "./api.js";

let names = null;

/** A Map product id -> name; empty if the catalogue cannot be read (ids are shown instead). */
export async function productNames() {
  if (names) return names;
  try {
    const data = await api("/product-versions");
    names = new Map(data.products.map((p) => [p.product, p.name]));
  } catch (error) {
    if (error?.code === "unauthenticated") throw error;
    return new Map();
  }
  return names;
}

export const productName = (map, id) => map.get(id) ?? id;
