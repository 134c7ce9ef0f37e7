// The room's pages need no mathematics: this stands in for MathJax, which Voilà would
// otherwise fetch from a CDN, so that no request leaves the trainer's laptop.
window.MathJax = window.MathJax || {typeset: function () {}, typesetPromise: function () { return Promise.resolve(); },
                                    startup: {promise: Promise.resolve()}};
