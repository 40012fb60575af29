// Fails when any slide of a rendered Marp deck has content outside its content area.
//
//   node check-overflow.mjs OUT/NAME.html ...      (CHROME_PATH names the browser)
//
// Loads each deck's HTML, as slides/render wrote it, in one headless Chromium and measures every
// slide (Marp's <section>, 1280x720) in its own coordinates. The content area is the section's
// box less its padding: the bottom padding is where the footer and the page number sit, so
// anything that reaches into it runs into them. Every element of the slide but the footer and
// header is measured, so an image wider than its paragraph or a line too long for its code
// block counts too; so does a code block or table that has to scroll.
// Prints one line per slide that overflows (deck, slide number as Marp counts, heading, by how
// many pixels and where) and exits 1 if there is any; 2 if a deck cannot be loaded.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

// Sub-pixel rounding and anti-aliasing: an element that ends half a pixel into the padding
// does not touch the footer.
const TOLERANCE_PX = 1;

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node check-overflow.mjs DECK.html ...');
  process.exit(2);
}
const executablePath = process.env.CHROME_PATH;
if (!executablePath) {
  console.error('check-overflow: CHROME_PATH is not set');
  process.exit(2);
}

// Runs in the page: one entry per slide that overflows.
function measure(tolerance) {
  const problems = [];
  const sections = [...document.querySelectorAll('svg[data-marpit-svg] > foreignObject > section')];
  sections.forEach((section, index) => {
    const box = section.getBoundingClientRect();
    // The SVG scales the slide to the window; measure in the slide's own pixels.
    const scale = box.width / section.offsetWidth;
    const style = getComputedStyle(section);
    const area = {
      top: parseFloat(style.paddingTop),
      left: parseFloat(style.paddingLeft),
      right: section.clientWidth - parseFloat(style.paddingRight),
      bottom: section.clientHeight - parseFloat(style.paddingBottom),
    };
    const worst = { bottom: 0, right: 0, left: 0, top: 0, scroll: 0 };
    const culprits = {};
    const note = (side, by, el) => {
      if (by > tolerance && by > worst[side]) {
        worst[side] = by;
        culprits[side] = el;
      }
    };
    for (const el of section.querySelectorAll('*')) {
      if (el.closest('footer, header') || ['STYLE', 'SCRIPT', 'BR'].includes(el.tagName)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      const top = (r.top - box.top) / scale;
      const bottom = (r.bottom - box.top) / scale;
      const left = (r.left - box.left) / scale;
      const right = (r.right - box.left) / scale;
      note('bottom', bottom - area.bottom, el);
      note('right', right - area.right, el);
      note('left', area.left - left, el);
      note('top', area.top - top, el);
      // A code block or table that scrolls (or clips) hides part of itself.
      const overflow = getComputedStyle(el).overflow;
      if (overflow !== 'visible') {
        note('scroll', Math.max(el.scrollWidth - el.clientWidth, el.scrollHeight - el.clientHeight), el);
      }
    }
    const sides = Object.keys(worst).filter((side) => worst[side] > 0);
    if (sides.length === 0) return;
    const heading = section.querySelector('h1, h2, h3, h4, h5, h6');
    const describe = (el) => {
      const text = (el.textContent || el.getAttribute('alt') || el.getAttribute('src') || '')
        .replace(/\s+/g, ' ').trim();
      return `<${el.tagName.toLowerCase()}> "${text.length > 50 ? text.slice(0, 47) + '...' : text}"`;
    };
    problems.push({
      slide: index + 1,
      heading: heading ? heading.textContent.replace(/\s+/g, ' ').trim() : '(no heading)',
      details: sides.map((side) => side === 'scroll'
        ? `${describe(culprits[side])} scrolls by ${Math.ceil(worst[side])}px`
        : `${Math.ceil(worst[side])}px past the ${side} of the content area (${describe(culprits[side])})`),
    });
  });
  return { slides: sections.length, problems };
}

const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--allow-file-access-from-files',
  ],
});
let failed = 0;
let broken = 0;
try {
  const page = await browser.newPage();
  // One slide fills the window exactly, as on a 16:9 projector.
  await page.setViewport({ width: 1280, height: 720 });
  // Marp's HTML shows one slide at a time on screen; printed, it lays out every slide.
  await page.emulateMediaType('print');
  for (const file of files) {
    const deck = path.basename(file, '.html') + '.md';
    try {
      await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load', timeout: 30000 });
      await page.evaluate(() => document.fonts.ready);
      const { slides, problems } = await page.evaluate(measure, TOLERANCE_PX);
      if (slides === 0) throw new Error('no slides found in the HTML');
      for (const p of problems) {
        console.error(`overflow: ${deck} slide ${p.slide} "${p.heading}": ${p.details.join('; ')}`);
      }
      failed += problems.length;
      if (problems.length === 0) console.log(`fits: ${deck} (${slides} slides)`);
    } catch (e) {
      console.error(`check-overflow: cannot check ${deck}: ${e.message}`);
      broken += 1;
    }
  }
} finally {
  await browser.close();
}
if (broken > 0) process.exit(2);
if (failed > 0) {
  console.error(`check-overflow: ${failed} slide(s) overflow; shorten or split them`);
  process.exit(1);
}
