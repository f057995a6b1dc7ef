"""The kit's messages in Spanish, keyed by their English.

Every message is written in English where its rule is, as
`say("English sentence {value}", value=...)` (nn.say). When the language is
Spanish, say() looks the English up here. A sentence missing from this
catalog is shown in English; tests/test_messages.py fails on any.
"""

CATALOG = {
    # -- nn.py: the errors of the node library
    "Parameter needs exactly two positive integer sizes, as in nn.Parameter(rows, cols); got {got}":
        "Parameter necesita exactamente dos tamaños enteros positivos, como en "
        "nn.Parameter(filas, columnas); recibió {got}",
    "nothing":
        "nada",
    "{name}: direction must be an nn.Constant (such as a gradient from nn.gradients), got {got}":
        "{name}: direction debe ser un nn.Constant (como un gradiente de nn.gradients), pero es "
        "{got}",
    "{name}: direction has shape {got}, but the parameter is {shape}":
        "{name}: direction tiene forma {got}, pero el parámetro es {shape}",
    "{name}: multiplier must be a number such as -0.05, got {got}":
        "{name}: multiplier debe ser un número como -0.05, pero es {got}",
    "{name}: training diverged, the parameter now holds NaN or infinity (after {updates} "
    "updates). Try a smaller learning rate (multiplier).":
        "{name}: el entrenamiento divergió, el parámetro contiene ahora NaN o infinito (tras "
        "{updates} actualizaciones). Prueba una tasa de aprendizaje (multiplier) más pequeña.",
    "Constant needs a numpy array, got {got}":
        "Constant necesita un array de numpy, pero recibió {got}",
    "Constant needs an array of floats, got dtype {dtype}; convert it with array.astype(float)":
        "Constant necesita un array de números reales, pero su dtype es {dtype}; conviértelo con "
        "array.astype(float)",
    "{name} takes {count} input(s) ({inputs}), got {got}":
        "{name} recibe {count} entrada(s) ({inputs}), pero se le dieron {got}",
    "{name}: {input} must be a node, got {got}; wrap arrays in nn.Constant":
        "{name}: {input} debe ser un nodo, pero es {got}; envuelve los arrays en nn.Constant",
    "{name}: {input} must be a 2-D node, got shape {shape}":
        "{name}: {input} debe ser un nodo 2-D, pero su forma es {shape}",
    "{first} {a} and {second} {b} must have the same shape":
        "{first} {a} y {second} {b} deben tener la misma forma",
    "bias {bias} must be 1x{n} to fit features {features}":
        "bias {bias} debe ser 1x{n} para encajar con features {features}",
    "weights {weights} must be 1x{n} to fit features {features}":
        "weights {weights} debe ser 1x{n} para encajar con features {features}",
    "features {features} do not fit weights {weights} ({i} != {o})":
        "features {features} no encaja con weights {weights} ({i} != {o})",
    "labels must be non-negative with each row summing to 1 (check the order: SoftmaxLoss(logits, "
    "labels))":
        "labels debe ser no negativo y cada fila debe sumar 1 (revisa el orden: "
        "SoftmaxLoss(logits, labels))",
    "gradients: the first argument must be a loss node (nn.SquareLoss or nn.SoftmaxLoss), got "
    "{got}":
        "gradients: el primer argumento debe ser un nodo de pérdida (nn.SquareLoss o "
        "nn.SoftmaxLoss), pero es {got}",
    "gradients: the second argument must be a list of parameters, got {got}":
        "gradients: el segundo argumento debe ser una lista de parámetros, pero es {got}",
    "gradients: parameters[{index}] must be an nn.Parameter, got {got}":
        "gradients: parameters[{index}] debe ser un nn.Parameter, pero es {got}",
    "gradients: this loss node was already differentiated. Build a new loss for every step (call "
    "get_loss again) before asking for gradients.":
        "gradients: ya se calcularon los gradientes de este nodo de pérdida. Construye una "
        "pérdida nueva en cada paso (llama otra vez a get_loss) antes de pedir gradientes.",
    "as_scalar needs a node, got {got}":
        "as_scalar necesita un nodo, pero recibió {got}",
    "as_scalar: {node} holds {size} values; it only works on a node with exactly one (such as a "
    "loss or a 1x1 score)":
        "as_scalar: {node} contiene {size} valores; solo funciona con un nodo que tenga "
        "exactamente uno (como una pérdida o una puntuación 1x1)",
    "a numpy array of shape {shape}":
        "un array de numpy de forma {shape}",
    "{value} (type {type})":
        "{value} (tipo {type})",
    # -- backend.py: the datasets
    "Could not find the data file {name}. Looked in:\n  {tried}\nRestore the kit's data/ folder "
    "(unpack the kit again, or `git checkout -- data`).":
        "No se encuentra el archivo de datos {name}. Se buscó en:\n  {tried}\nRecupera la carpeta "
        "data/ del kit (vuelve a descomprimir el kit, o `git checkout -- data`).",
    "Dataset: {name} must be a numpy array of floats, got {got}":
        "Dataset: {name} debe ser un array de numpy de números reales, pero es {got}",
    "Dataset: {name} must be 2-D (examples x features), got shape {shape}":
        "Dataset: {name} debe ser 2-D (ejemplos x características), pero su forma es {shape}",
    "Dataset: x has {x} rows but y has {y}":
        "Dataset: x tiene {x} filas pero y tiene {y}",
    "This dataset has no validation data: only the digit and language datasets have "
    "get_validation_accuracy(). Use the training loss instead.":
        "Este conjunto de datos no tiene datos de validación: solo los de dígitos e idiomas "
        "tienen get_validation_accuracy(). Usa la pérdida de entrenamiento.",
    "batch_size must be a positive integer, got {got}":
        "batch_size debe ser un entero positivo, pero es {got}",
    "batch_size {size} does not divide the {examples} examples of this dataset; the nearest sizes "
    "that do are {below} and {above}":
        "batch_size {size} no divide los {examples} ejemplos de este conjunto de datos; los "
        "tamaños más cercanos que sí lo dividen son {below} y {above}",
    "batch_size {size} is more than the {words} training words":
        "batch_size {size} es mayor que las {words} palabras de entrenamiento",
    "_encode needs words of one length; got rows of several":
        "_encode necesita palabras de una sola longitud; recibió filas de varias",
    "split must be 'dev' or 'test', got {got}":
        "split debe ser 'dev' o 'test', pero es {got}",
    "epoch {epoch}, batch {batch}/{batches}: validation accuracy {accuracy:.1%}":
        "época {epoch}, lote {batch}/{batches}: precisión de validación {accuracy:.1%}",
    " (not {language})":
        " (no es {language})",
    # -- plots.py: the live plots
    "(the plot could not be shown: {error}; training goes on without it)":
        "(no se pudo mostrar el gráfico: {error}; el entrenamiento sigue sin él)",
    "(the plot stopped: {error})":
        "(el gráfico se detuvo: {error})",
    "(no window here: the final picture of the plot is saved as {path})":
        "(aquí no hay ventanas: la imagen final del gráfico se guarda en {path})",
    "epoch: {epoch:,}\npoint: {point:,}/{points:,}\nweights: {weights}":
        "época: {epoch:,}\npunto: {point:,}/{points:,}\npesos: {weights}",
    "processed: {processed:,}\nloss: {loss:.6f}":
        "procesados: {processed:,}\npérdida: {loss:.6f}",
    "epoch: {epoch}, batch: {batch}/{batches}, validation accuracy: {accuracy:.2%}":
        "época: {epoch}, lote: {batch}/{batches}, precisión de validación: {accuracy:.2%}",
    "probability of the correct label":
        "probabilidad de la etiqueta correcta",
    "real":
        "real",
    "learned":
        "aprendida",
    # -- autograder.py and grading/: the grader
    "{method} should return a node, not {got}":
        "{method} debe devolver un nodo, no {got}",
    "{method} should return an nn.Parameter, got {got}":
        "{method} debe devolver un nn.Parameter, pero devolvió {got}",
    "{method} should return a loss node (nn.SquareLoss or nn.SoftmaxLoss), got {got}":
        "{method} debe devolver un nodo de pérdida (nn.SquareLoss o nn.SoftmaxLoss), pero "
        "devolvió {got}",
    "{method} should return a node of shape {expected}, got {got}{hint}":
        "{method} debe devolver un nodo de forma {expected}, pero tiene forma {got}{hint}",
    " (check the size of the last layer: its number of outputs must be {size})":
        " (revisa el tamaño de la última capa: su número de salidas debe ser {size})",
    "The node returned by {method} does not depend on the input {input}":
        "El nodo que devuelve {method} no depende de la entrada {input}",
    "The node returned by {method} does not depend on character {position} of {length} "
    "(xs[{position}]): every character of the word must count":
        "El nodo que devuelve {method} no depende del carácter {position} de {length} "
        "(xs[{position}]): todos los caracteres de la palabra deben contar",
    "{method} uses parameters that were not used before. Create every nn.Parameter once, in "
    "__init__, and reuse it on every call.":
        "{method} usa parámetros que no se habían usado antes. Crea cada nn.Parameter una sola "
        "vez, en __init__, y reutilízalo en cada llamada.",
    "Sanity checking perceptron...":
        "Comprobando el perceptrón...",
    "PerceptronModel.run() gave the score {got:.4f} for point {point}; the dot product with the "
    "weights is {expected:.4f}":
        "PerceptronModel.run() dio la puntuación {got:.4f} para el punto {point}; el producto "
        "escalar con los pesos es {expected:.4f}",
    "PerceptronModel.get_prediction() should return 1 or -1, not {got!r}":
        "PerceptronModel.get_prediction() debe devolver 1 o -1, no {got!r}",
    "PerceptronModel.get_prediction() returned {got} for a point with score {score:.4f}; it "
    "should return 1 when the score is >= 0 and -1 otherwise":
        "PerceptronModel.get_prediction() devolvió {got} para un punto con puntuación "
        "{score:.4f}; debe devolver 1 si la puntuación es >= 0 y -1 si no",
    "Sanity checking perceptron weight updates...":
        "Comprobando cómo actualiza los pesos el perceptrón...",
    "The weights after training are wrong.\n  initial weights: {initial}\n  every training point: "
    "{point}, label -1\n  expected weights after training: {expected}\n  weights after training: "
    "{got}\nOn a mistake, update with w <- w + y * x: self.w.update(x, y_value).":
        "Los pesos después del entrenamiento no son correctos.\n  pesos iniciales: {initial}\n  "
        "todos los puntos de entrenamiento: {point}, etiqueta -1\n  pesos esperados tras el "
        "entrenamiento: {expected}\n  pesos tras el entrenamiento: {got}\nCuando falla, actualiza "
        "con w <- w + y * x: self.w.update(x, valor_de_y).",
    "Sanity checking complete. Now training perceptron":
        "Comprobaciones superadas. Ahora se entrena el perceptrón",
    "The perceptron did not iterate over the dataset (use dataset.iterate_once(1))":
        "El perceptrón no recorrió el conjunto de datos (usa dataset.iterate_once(1))",
    "The perceptron classifies {accuracy:.1%} of the training points correctly; it must reach "
    "{threshold:.0%}: keep training until a whole pass makes no mistake":
        "El perceptrón clasifica bien el {accuracy:.1%} de los puntos de entrenamiento; debe "
        "llegar al {threshold:.0%}: sigue entrenando hasta que una pasada completa no tenga "
        "errores",
    "RegressionModel.get_loss() returned a loss of {loss:.4f}, but the autograder computed "
    "{expected:.4f} from the output of RegressionModel.run()":
        "RegressionModel.get_loss() devolvió una pérdida de {loss:.4f}, pero el autocalificador "
        "calculó {expected:.4f} a partir de RegressionModel.run()",
    "Your final loss is: {loss:f}":
        "Tu pérdida final es: {loss:f}",
    "Your final loss ({loss:f}) must be no more than {threshold:.4f} to receive full points for "
    "this question":
        "Tu pérdida final ({loss:f}) debe ser como mucho {threshold:.4f} para obtener todos los "
        "puntos de esta pregunta",
    "Your final test set accuracy is: {accuracy:%}":
        "Tu precisión final en el conjunto de test es: {accuracy:%}",
    "Your final test set accuracy ({accuracy:%}) must be at least {threshold:.0%} to receive full "
    "points for this question":
        "Tu precisión final en el conjunto de test ({accuracy:%}) debe ser al menos "
        "{threshold:.0%} para obtener todos los puntos de esta pregunta",
    "An accuracy near 20% is chance: check that the scores come from the hidden state after the "
    "last character, that the last layer has no ReLU, and the learning rate.":
        "Una precisión cercana al 20% es la del azar: comprueba que las puntuaciones salgan del "
        "estado oculto tras el último carácter, que la última capa no tenga ReLU, y la tasa de "
        "aprendizaje.",
    "An accuracy near 10% is chance: check that the last layer has no ReLU and that the learning "
    "rate is neither too large nor too small.":
        "Una precisión cercana al 10% es la del azar: comprueba que la última capa no tenga ReLU "
        "y que la tasa de aprendizaje no sea ni muy grande ni muy pequeña.",
    "Your code raised an exception, so this check earns no more points:":
        "Tu código lanzó una excepción, así que esta comprobación no suma más puntos:",
    "Your code raised KeyboardInterrupt, which ends the check.":
        "Tu código lanzó KeyboardInterrupt, lo que termina la comprobación.",
    "Your code ran out of memory (MemoryError). Look for arrays or lists that grow without end, "
    "or that hold far more than the data.":
        "Tu código se quedó sin memoria (MemoryError). Busca arrays o listas que crezcan sin fin, "
        "o que guarden mucho más que los datos.",
    "Your code did not finish within the time limit of {seconds} seconds and was stopped. Look "
    "for a loop that never ends (a stopping condition that is never met), or train for fewer "
    "steps.":
        "Tu código no terminó dentro del límite de {seconds} segundos y se detuvo. Busca un bucle "
        "que no termina (una condición de parada que nunca se cumple), o entrena durante menos "
        "pasos.",
    "The process running your code died (exit code {code}), for example killed for using too much "
    "memory. This check earns no more points.":
        "El proceso que ejecutaba tu código murió (código de salida {code}), por ejemplo por usar "
        "demasiada memoria. Esta comprobación no suma más puntos.",
    "The grader could not start the process for your code (the line above says why). This is "
    "not your code's doing: tell your instructor.":
        "El calificador no pudo iniciar el proceso de tu código (la línea anterior dice por "
        "qué). No es culpa de tu código: avisa a tu profesor.",
    "Your code ended its process (exit code {code}) before the check finished; do not call "
    "sys.exit or os._exit from models.py.":
        "Tu código terminó su proceso (código de salida {code}) antes de que acabara la "
        "comprobación; no llames a sys.exit ni a os._exit desde models.py.",
    "... {hidden} more lines of your output not shown; the last {tail}:":
        "... {hidden} líneas más de tu salida no se muestran; las últimas {tail}:",
    "The grader did not get the output {name} of your trained model.":
        "El calificador no recibió la salida {name} de tu modelo entrenado.",
    "The output {name} of your trained model has shape {got}; the grader expected {expected}.":
        "La salida {name} de tu modelo entrenado tiene forma {got}; el calificador esperaba "
        "{expected}.",
    "The answers of your model to the structural checks are missing or were changed "
    "({method}): the structural points are not given.":
        "Faltan las respuestas de tu modelo a las comprobaciones de estructura, o fueron "
        "cambiadas ({method}): no se conceden los puntos de estructura.",
    "The autograder could not check your model's answers to its structural checks "
    "({problem}): the structural points are not given.":
        "El calificador no pudo comprobar las respuestas de tu modelo a sus comprobaciones de "
        "estructura ({problem}): no se conceden los puntos de estructura.",
    "The node returned by {method}() was computed with a node of class {name}; the autograder "
    "can only check the nodes of nn.py (Add, AddBias, DotProduct, Linear, ReLU, SquareLoss, "
    "SoftmaxLoss).":
        "El nodo que devuelve {method}() se calculó con un nodo de la clase {name}; el "
        "calificador solo puede comprobar los nodos de nn.py (Add, AddBias, DotProduct, Linear, "
        "ReLU, SquareLoss, SoftmaxLoss).",
    "The node returned by {method}() was computed with a node {name} whose value the "
    "autograder cannot compute again from its inputs.":
        "El nodo que devuelve {method}() se calculó con un nodo {name} cuyo valor el "
        "calificador no puede volver a calcular a partir de sus entradas.",
    "The node returned by {method}() was computed with a node {name} whose value is not what "
    "nn.py computes from its inputs.":
        "El nodo que devuelve {method}() se calculó con un nodo {name} cuyo valor no es el que "
        "nn.py calcula a partir de sus entradas.",
    "No models.py at {path}: give the path of a models.py, or of a folder holding one.":
        "No hay models.py en {path}: indica la ruta de un models.py o de una carpeta que lo "
        "contenga.",
    "Note: the submission's {name} differs from the kit's; it is ignored, and the kit's own "
    "{name} is used.":
        "Nota: el {name} de la entrega no coincide con el del kit; se ignora y se usa el {name} "
        "del propio kit.",
    "Wrote {path} (layout {layout}).":
        "Escrito {path} (distribución {layout}).",
    "{path} is not a folder. --batch takes a folder with one submission per student (a folder "
    "holding models.py, or a .py file).":
        "{path} no es una carpeta. --batch necesita una carpeta con una entrega por estudiante "
        "(una carpeta con models.py, o un archivo .py).",
    "[{done}/{count}] {student}: {points}/{max_points} ({status}, {seconds} s); {elapsed} "
    "elapsed, about {left} left":
        "[{done}/{count}] {student}: {points}/{max_points} ({status}, {seconds} s); "
        "transcurrido {elapsed}, quedan unos {left}",
    "{kept} of the {count} submissions were graded before with the same models.py, kit and "
    "options: their grades are kept, {failed} of them with an error in the student's code "
    "(--regrade grades them again; a time-out or a crash is always graded again).":
        "{kept} de las {count} entregas ya se calificaron con el mismo models.py, el mismo kit y "
        "las mismas opciones: se conservan sus notas, {failed} de ellas con un error en el "
        "código del estudiante (--regrade las califica de nuevo; un tiempo agotado o una caída "
        "se califican siempre de nuevo).",
    "Could not write the grades into {folder} ({error}); grading goes on, and they are written "
    "again at the end.":
        "No se pudieron escribir las notas en {folder} ({error}); la calificación sigue, y se "
        "escriben de nuevo al final.",
    "Could not write the grades into {folder} ({error}).":
        "No se pudieron escribir las notas en {folder} ({error}).",
    "The batch stopped ({error}): summary.csv and report.html list the {done} of {count} "
    "submissions graded before; {rest}.":
        "El lote se detuvo ({error}): summary.csv y report.html listan las {done} de {count} "
        "entregas calificadas antes; {rest}.",
    "Grades written to {path}, with a JSON report per student and report.html beside it.":
        "Notas escritas en {path}, con un informe JSON por estudiante y report.html al lado.",
    "Interrupted: summary.csv and report.html list the {done} of {count} submissions graded "
    "before Ctrl-C; {rest}.":
        "Interrumpido: summary.csv y report.html listan las {done} de {count} entregas "
        "calificadas antes de Ctrl-C; {rest}.",
    "run the same command again to grade the rest":
        "ejecuta la misma orden de nuevo para calificar el resto",
    "run the same command again without --regrade to grade the rest (with --regrade it would "
    "start over)":
        "ejecuta la misma orden de nuevo sin --regrade para calificar el resto (con --regrade "
        "empezaría desde el principio)",
    "{count} reports in {folder} are of students no longer in {batch}: moved into {removed}.":
        "{count} informes de {folder} son de estudiantes que ya no están en {batch}: movidos a "
        "{removed}.",
    "{count} submissions are graded again: their reports do not say how they were graded (an "
    "older kit wrote them).":
        "{count} entregas se califican de nuevo: sus informes no dicen cómo se calificaron (los "
        "escribió un kit anterior).",
    "{count} submissions are graded again: their models.py changed.":
        "{count} entregas se califican de nuevo: su models.py cambió.",
    "{count} submissions that ran out of time, crashed or met a fault of the grader's are graded "
    "again.":
        "{count} entregas que agotaron el tiempo, se cayeron o sufrieron un fallo del calificador "
        "se califican de nuevo.",
    "The grader made no progress on this submission for {seconds:.0f} s, far longer than its "
    "time budget allows ({stuck:.0f} s): a fault of the grader's, not of the student's code. The "
    "next run of the batch grades it again.":
        "El calificador no avanzó con esta entrega en {seconds:.0f} s, mucho más de lo que "
        "permite su presupuesto de tiempo ({stuck:.0f} s): un fallo del calificador, no del "
        "código del estudiante. La próxima ejecución del lote la califica de nuevo.",
    "{count} submissions are graded again: the kit changed since they were graded (its code or "
    "its data's checksums); settings that changed: {names}.":
        "{count} entregas se califican de nuevo: el kit cambió desde que se calificaron (su "
        "código o las sumas de comprobación de sus datos); ajustes que cambiaron: {names}.",
    "{count} submissions are graded again: settings that changed: {names}.":
        "{count} entregas se califican de nuevo: ajustes que cambiaron: {names}.",
    # -- grading/cli.py, grading/similarity.py: similar submissions
    "--similarity and --reference work with --batch.":
        "--similarity y --reference funcionan con --batch.",
    "--similarity-threshold takes a share of the code, more than 0 and at most 1 (or a "
    "percentage), not {threshold}.":
        "--similarity-threshold necesita una parte del código, mayor que 0 y como mucho 1 (o un "
        "porcentaje), no {threshold}.",
    "--similarity-threshold does nothing without --similarity.":
        "--similarity-threshold no hace nada sin --similarity.",
    "--boilerplate does nothing without --similarity.":
        "--boilerplate no hace nada sin --similarity.",
    "--boilerplate {path} cannot be read ({error}). It takes a Python file whose code is left "
    "out of the comparison.":
        "--boilerplate {path} no se puede leer ({error}). Necesita un archivo de Python cuyo "
        "código queda fuera de la comparación.",
    "Similarity: {count} pairs compared, {flagged} flagged (a reason to look, not a verdict), "
    "written to {path}; report.html shows them.":
        "Similitud: {count} pares comparados, {flagged} señalados (un motivo para mirar, no un "
        "veredicto), escritos en {path}; report.html los muestra.",
    "{copied} characters in long shared fragments, where the class's typical pair has "
    "{typical} ({deviations:.1f} robust standard deviations above it)":
        "{copied} caracteres en fragmentos largos compartidos, donde el par típico de la clase "
        "tiene {typical} ({deviations:.1f} desviaciones típicas robustas por encima)",
    "{share:.0f}% of one side's code matches the other (--similarity-threshold "
    "{threshold:.0f}%)":
        "el {share:.0f}% del código de uno coincide con el otro (--similarity-threshold "
        "{threshold:.0f}%)",
    "--regrade does nothing without --batch.":
        "--regrade no hace nada sin --batch.",
    "{path} is not a folder. --reference takes a folder of known solutions, laid out as for "
    "--batch.":
        "{path} no es una carpeta. --reference necesita una carpeta de soluciones conocidas, "
        "organizada como para --batch.",
    "--similarity needs copydetect, a package for instructors only. Install it with: python -m "
    "pip install -r {requirements}":
        "--similarity necesita copydetect, un paquete solo para docentes. Instálalo con: python "
        "-m pip install -r {requirements}",
    # -- grading/html_report.py: the batch's report.html
    "Batch report: {folder}":
        "Informe del lote: {folder}",
    "{count} submissions from {folder}, report of {date}. Questions: {questions}. Seeds: "
    "{seeds}.":
        "{count} entregas de {folder}, informe del {date}. Preguntas: {questions}. Semillas: "
        "{seeds}.",
    "{name} ({points} points)":
        "{name} ({points} puntos)",
    "completed":
        "completa",
    "error":
        "con error",
    "timeout":
        "sin tiempo",
    "grader fault":
        "fallo del calificador",
    "the grader failed on it, not the student's code: the next run of the batch grades it again":
        "el calificador falló con ella, no el código del estudiante: la próxima ejecución del "
        "lote la califica de nuevo",
    "crash":
        "caída",
    "graded to the end (the points may still be 0)":
        "calificada hasta el final (aunque tenga 0 puntos)",
    "the code raised an exception, or training diverged":
        "el código lanzó una excepción, o el entrenamiento divergió",
    "the process ended (sys.exit, killed, out of memory), or there was no models.py":
        "el proceso terminó (sys.exit, matado, sin memoria), o no había models.py",
    "At a glance":
        "De un vistazo",
    "Mean {mean:.1f} of {possible} points, median {median:g}; {full} of {count} submissions "
    "earned every point.":
        "Media {mean:.1f} de {possible} puntos, mediana {median:g}; {full} de {count} entregas "
        "obtuvieron todos los puntos.",
    "status":
        "estado",
    "submissions":
        "entregas",
    "meaning":
        "significado",
    "Questions":
        "Preguntas",
    "The pass rate is the share of submissions that earned every point of the question. Times "
    "are the question's attempts together.":
        "La tasa de aprobados es la parte de las entregas que obtuvo todos los puntos de la "
        "pregunta. Los tiempos suman todos los intentos de la pregunta.",
    "question":
        "pregunta",
    "points":
        "puntos",
    "every point":
        "todos los puntos",
    "pass rate":
        "tasa de aprobados",
    "some points":
        "algunos puntos",
    "no points":
        "ningún punto",
    "median time (s)":
        "tiempo mediano (s)",
    "longest (s)":
        "el más largo (s)",
    "statuses":
        "estados",
    "Students":
        "Estudiantes",
    "Each student's full report, tracebacks included, opens under their row.":
        "El informe completo de cada estudiante, con sus trazas, se abre bajo su fila.",
    "student":
        "estudiante",
    "total":
        "total",
    "time (s)":
        "tiempo (s)",
    "notes":
        "notas",
    "report of {student}":
        "informe de {student}",
    "matplotlib is not installed, so the report has no charts.":
        "matplotlib no está instalado, así que el informe no tiene gráficos.",
    "Grade distribution":
        "Distribución de las notas",
    "total points (of {possible})":
        "puntos en total (de {possible})",
    "Points per question":
        "Puntos por pregunta",
    "% of submissions":
        "% de las entregas",
    "seconds (every attempt together; the bar is the median)":
        "segundos (todos los intentos juntos; la barra es la mediana)",
    "Time per question":
        "Tiempo por pregunta",
    "Similar submissions":
        "Entregas parecidas",
    "Every pair of submissions' models.py was compared with copydetect (fingerprints of the "
    "code with names left out, as MOSS does), leaving out the code of the students' skeleton.":
        "Se comparó el models.py de cada par de entregas con copydetect (huellas del código sin "
        "los nombres, como hace MOSS), sin contar el código del esqueleto de los estudiantes.",
    "Also left out: the code of {files} (--boilerplate).":
        "Tampoco cuenta el código de {files} (--boilerplate).",
    "Code found in {common} or more of the {count} submissions is left out too, as the class's "
    "own (a copy and its original count once).":
        "El código que está en {common} o más de las {count} entregas tampoco cuenta: es el de "
        "toda la clase (una copia y su original cuentan una vez).",
    "Independent solutions of this assignment share many short stretches of code; copies share "
    "long ones. So each pair is scored by its code in shared fragments of {fragment} characters "
    "or more (as copydetect counts them, each name one character: about three lines), and "
    "flagged when that stands out from the class: {minimum} characters or more above the "
    "typical pair (the median, here {typical:g}) and {outlier} robust standard deviations, or "
    "{ceiling} characters whatever the class. Here that is {cut:g} characters or more: "
    "{flagged} of {count} pairs. A flag is a reason to read the two files side by side, not a "
    "verdict: code given in class, or two students who worked together as allowed, look the "
    "same.":
        "Las soluciones independientes de esta tarea comparten muchos tramos cortos de código; "
        "las copias comparten tramos largos. Por eso cada par se puntúa por su código en "
        "fragmentos compartidos de {fragment} caracteres o más (como los cuenta copydetect, cada "
        "nombre un carácter: unas tres líneas), y se señala cuando eso destaca en la clase: "
        "{minimum} caracteres o más por encima del par típico (la mediana, aquí {typical:g}) y "
        "{outlier} desviaciones típicas robustas, o {ceiling} caracteres sea cual sea la clase. "
        "Aquí eso son {cut:g} caracteres o más: {flagged} de {count} pares. Una señal es un "
        "motivo para leer los dos archivos lado a lado, no un veredicto: el código dado en "
        "clase, o dos estudiantes que trabajaron juntos con permiso, se parecen igual.",
    "Also flagged (--similarity-threshold): pairs where {threshold:.0f}% or more of one side's "
    "code matches the other, {minimum} characters or more.":
        "También se señalan (--similarity-threshold) los pares en los que el {threshold:.0f}% o "
        "más del código de uno coincide con el otro, con {minimum} caracteres o más.",
    "The {shown} most similar pairs are shown; similarity.csv lists all {count}, with the same "
    "signals.":
        "Se muestran los {shown} pares más parecidos; similarity.csv lista los {count}, con las "
        "mismas señales.",
    "Most similar to each student":
        "Lo más parecido a cada estudiante",
    "most similar to":
        "más parecida a",
    "flagged":
        "señalado",
    "yes":
        "sí",
    "code in long fragments":
        "código en fragmentos largos",
    "above the typical pair":
        "sobre el par típico",
    "longest fragment":
        "fragmento más largo",
    "why":
        "por qué",
    "{characters} ch., lines {a}-{b} / {c}-{d}":
        "{characters} car., líneas {a}-{b} / {c}-{d}",
    "{excess:+g} ({deviations:.1f} sd)":
        "{excess:+g} ({deviations:.1f} dt)",
    "{number}. {first} and {second}: the code in long shared fragments, marked":
        "{number}. {first} y {second}: el código en fragmentos largos compartidos, marcado",
    "Every pair of submissions":
        "Todos los pares de entregas",
    "pairs":
        "pares",
    "flagged pairs ({count})":
        "pares señalados ({count})",
    "flagged from {cut:g}":
        "señalado desde {cut:g}",
    "pairs (log scale)":
        "pares (escala logarítmica)",
    "code in shared fragments of {fragment}+ characters (a pair's score)":
        "código en fragmentos compartidos de {fragment}+ caracteres (la puntuación del par)",
    "Each was also compared with the {references} known solutions in {folder}.":
        "Cada una se comparó además con las {references} soluciones conocidas de {folder}.",
    "submission":
        "entrega",
    "compared with":
        "comparada con",
    "share of the first":
        "parte de la primera",
    "share of the second":
        "parte de la segunda",
    "{name} (known solution)":
        "{name} (solución conocida)",
    "{name}: not compared, its models.py has {size} bytes (more than {largest}).":
        "{name}: no se comparó, su models.py tiene {size} bytes (más de {largest}).",
    "{name}: not compared, {error}":
        "{name}: no se comparó, {error}",
    "{first} and {second}":
        "{first} y {second}",
    "Left out of the comparison:":
        "Quedaron fuera de la comparación:",
    "… {count} lines …":
        "… {count} líneas …",
    "The code of the first {shown} pairs is shown side by side; similarity.csv lists them all.":
        "El código de los {shown} primeros pares se muestra lado a lado; similarity.csv los "
        "lista todos.",
    "Without isolation, submissions are graded one at a time, in this process (--jobs is ignored).":
        "Sin aislamiento, las entregas se califican de una en una, en este proceso (se ignora "
        "--jobs).",
    "The loss never changed during training (it is still {loss:.6f}): check that train calls "
    "update on every parameter, with the gradients from nn.gradients.":
        "La pérdida no cambió durante el entrenamiento (sigue en {loss:.6f}): comprueba que train "
        "llama a update en cada parámetro, con los gradientes de nn.gradients.",
    "The loss grew during training, from {initial:.6f} to {loss:.6f}: check the sign of the "
    "update (the multiplier must be minus the learning rate) and try a smaller learning rate.":
        "La pérdida creció durante el entrenamiento, de {initial:.6f} a {loss:.6f}: revisa el "
        "signo de la actualización (el multiplicador debe ser menos la tasa de aprendizaje) y "
        "prueba una tasa de aprendizaje más pequeña.",
    "The last line your code printed: {line}":
        "La última línea que imprimió tu código: {line}",
    "Grading interrupted (Ctrl-C).":
        "Calificación interrumpida (Ctrl-C).",
    "Grading stopped ({signal}).":
        "Calificación detenida ({signal}).",
    "The outputs of your trained model could not be scored ({error}); this check earns no more "
    "points.":
        "Las salidas de tu modelo entrenado no se pudieron puntuar ({error}); esta comprobación "
        "no suma más puntos.",
    "The grader failed on this question ({error}); please report it to your instructor. Grading "
    "goes on with the next question.":
        "El calificador falló en esta pregunta ({error}); avisa a tu profesor. La calificación "
        "sigue con la siguiente pregunta.",
    "Your code called sys.exit({code}), which ends the check; do not exit from models.py.":
        "Tu código llamó a sys.exit({code}), lo que termina la comprobación; no salgas del "
        "programa desde models.py.",
    "Hint: numpy 2.4 and newer refuse float() on a 1x1 array. Use nn.as_scalar(node) to get the "
    "number in a node.":
        "Pista: numpy 2.4 y posteriores no aceptan float() sobre un array 1x1. Usa "
        "nn.as_scalar(nodo) para obtener el número de un nodo.",
    "There is no question {question} in layout {layout}. Its questions are: {known}":
        "No hay pregunta {question} en la distribución {layout}. Sus preguntas son: {known}",
    "No display here, so no windows open: the final picture of each plot is saved in {folder}, "
    "and training progress is printed as text. --no-graphics skips both.":
        "Aquí no hay pantalla, así que no se abren ventanas: la imagen final de cada gráfico se "
        "guarda en {folder}, y el progreso del entrenamiento se muestra como texto. --no-graphics "
        "omite ambas cosas.",
    "matplotlib is not installed, so there are no plots; grading goes on without them. Install it "
    "with: python -m pip install matplotlib":
        "matplotlib no está instalado, así que no hay gráficos; la calificación sigue sin ellos. "
        "Instálalo con: python -m pip install matplotlib",
    "Isolation: bwrap. The student's code sees only its own folder, read-only Python and a "
    "private /tmp; no network; its own process namespace; at most {processes} processes.":
        "Aislamiento: bwrap. El código del estudiante solo ve su carpeta, Python en solo lectura "
        "y un /tmp propio; sin red; su propio espacio de procesos; {processes} procesos como "
        "mucho.",
    "Isolation: another user. The student's code runs as a user id of its own that cannot read "
    "the kit's data or signal the grader; at most {processes} processes.":
        "Aislamiento: otro usuario. El código del estudiante corre con un usuario propio que no "
        "puede leer los datos del kit ni enviar señales al calificador; {processes} procesos como "
        "mucho.",
    "Isolation: partial. The student's code runs in a child process as the grader's user, with an "
    "environment that does not lead back to the kit; it could still read what this user can read, "
    "or signal the grader. Why not more: {why}.":
        "Aislamiento: parcial. El código del estudiante corre en un proceso hijo con el usuario "
        "del calificador, con un entorno que no lleva al kit; aún podría leer lo que este usuario "
        "puede leer, o enviar señales al calificador. Por qué no más: {why}.",
    "Seed {seed}: parameters start at random. To repeat this run exactly: python autograder.py "
    "{args}--seed {seed}":
        "Semilla {seed}: los parámetros empiezan al azar. Para repetir esta ejecución "
        "exactamente: python autograder.py {args}--seed {seed}",
    "Seeds: {seeds}. A question that misses its threshold, diverges or runs out of time is tried "
    "again with the next seed, up to {attempts} attempts; the best attempt counts.":
        "Semillas: {seeds}. Una pregunta que no llega al umbral, diverge o se queda sin tiempo se "
        "vuelve a intentar con la semilla siguiente, hasta {attempts} intentos; cuenta el mejor.",
    "--attempts must be 1 or more, not {attempts}.":
        "--attempts debe ser 1 o más, no {attempts}.",
    "{option} takes a number, {smallest} or more, not {value}.":
        "{option} necesita un número, {smallest} o más, no {value}.",
    "{option} takes a number more than {smallest}, not {value}.":
        "{option} necesita un número mayor que {smallest}, no {value}.",
    "Attempt {number} of {attempts}, seed {seed}:":
        "Intento {number} de {attempts}, semilla {seed}:",
    "Attempt {number}: seed {seed}, {result}, {points}/{max_points} points, {seconds:.1f} s of "
    "{limit:.0f} s":
        "Intento {number}: semilla {seed}, {result}, {points}/{max_points} puntos, {seconds:.1f} "
        "s de {limit:.0f} s",
    "Attempt {number}: seed {seed}, {result}, {points}/{max_points} points, {seconds:.1f} s (no "
    "limit without isolation)":
        "Intento {number}: semilla {seed}, {result}, {points}/{max_points} puntos, {seconds:.1f} "
        "s (sin límite cuando no hay aislamiento)",
    "Time: {seconds:.1f} s of the {limit:.0f} s limit":
        "Tiempo: {seconds:.1f} s del límite de {limit:.0f} s",
    "Time: {seconds:.1f} s (no limit without isolation)":
        "Tiempo: {seconds:.1f} s (sin límite cuando no hay aislamiento)",
    "passed":
        "superada",
    "threshold missed":
        "umbral no alcanzado",
    "diverged":
        "divergió",
    "out of time":
        "sin tiempo",
    "a check failed":
        "falló una comprobación",
    "exception":
        "excepción",
    "process ended":
        "el proceso terminó",
    "This can happen by chance (parameters start at random): trying again with seed {seed}.":
        "Esto puede pasar por azar (los parámetros empiezan al azar): se vuelve a intentar con la "
        "semilla {seed}.",
    "This can happen by chance (parameters start at random). Run the autograder again: each run "
    "draws a new seed. When grading, a question is tried {attempts} times with different seeds "
    "and the best attempt counts. If it fails twice in a row, explore other architectures or "
    "learning rates.":
        "Esto puede pasar por azar (los parámetros empiezan al azar). Vuelve a ejecutar el "
        "autocalificador: cada ejecución usa una semilla nueva. Al calificar, cada pregunta se "
        "intenta {attempts} veces con semillas distintas y cuenta el mejor intento. Si falla dos "
        "veces seguidas, explora otras arquitecturas o tasas de aprendizaje.",
    "No time is left in this submission's time budget ({budget:.0f} s) for another attempt.":
        "No queda tiempo en el presupuesto de esta entrega ({budget:.0f} s) para otro intento.",
    "When it was stopped, training had started pass {passes} over the data and drawn {batches} "
    "batches in all.":
        "Cuando se detuvo, el entrenamiento había empezado la pasada {passes} sobre los datos y "
        "había tomado {batches} lotes en total.",
    "The last validation accuracy it computed was {accuracy:.2%}.":
        "La última precisión de validación que calculó fue {accuracy:.2%}.",
    "When it was stopped, training had not drawn a single batch from the dataset.":
        "Cuando se detuvo, el entrenamiento no había tomado ni un lote del conjunto de datos.",
    "Validation accuracy of your trained model: {accuracy:.2%}":
        "Precisión de validación de tu modelo entrenado: {accuracy:.2%}",
    "Test accuracy missed {threshold:.0%} by less than a point while validation accuracy "
    "({validation:.2%}) was above it: the two sets differ a little, and chance decided. Leave a "
    "margin: stop training when validation accuracy reaches {margin:.1%}, say, not "
    "{threshold:.0%}.":
        "La precisión de test se quedó a menos de un punto del {threshold:.0%} mientras la de "
        "validación ({validation:.2%}) lo superaba: los dos conjuntos difieren un poco, y decidió "
        "el azar. Deja un margen: deja de entrenar cuando la precisión de validación llegue, por "
        "ejemplo, al {margin:.1%}, no al {threshold:.0%}.",
    "Test accuracy missed {threshold:.0%} while validation accuracy ({validation:.2%}) was above "
    "it: on these data validation reads up to about {above:.1f} points above test, as it did in "
    "the original kit. Leave a margin: stop training when validation accuracy reaches "
    "{margin:.1%}, say, not {threshold:.0%}.":
        "La precisión de test no llegó al {threshold:.0%} mientras la de validación "
        "({validation:.2%}) lo superaba: con estos datos la validación marca hasta unos "
        "{above:.1f} puntos más que test, como en el kit original. Deja un margen: deja de "
        "entrenar cuando la precisión de validación llegue, por ejemplo, al {margin:.1%}, no al "
        "{threshold:.0%}.",
    "The loss missed {threshold} by little. If train stops on a running average of the batch "
    "losses, stop on the loss of the whole dataset instead (one nn.SquareLoss on "
    "nn.Constant(dataset.x)), or leave a margin (e.g. {margin}).":
        "La pérdida se quedó cerca de {threshold}. Si train para según una media de las pérdidas "
        "de los lotes, para mejor según la pérdida de todo el conjunto (un nn.SquareLoss sobre "
        "nn.Constant(dataset.x)), o deja un margen (por ejemplo {margin}).",
    "Python {python}, numpy {numpy}, matplotlib {matplotlib} (backend: {backend})":
        "Python {python}, numpy {numpy}, matplotlib {matplotlib} (backend: {backend})",
    "A window shows a line segment turning about the origin for a few seconds.":
        "Una ventana muestra un segmento que gira alrededor del origen durante unos segundos.",
    "No display is available, so no window opens (with a display you would see a line segment "
    "turning about the origin). The kit works all the same: grading saves the final picture of "
    "each plot as a PNG and prints progress as text.":
        "No hay pantalla disponible, así que no se abre ninguna ventana (con pantalla verías un "
        "segmento girando alrededor del origen). El kit funciona igual: al calificar se guarda la "
        "imagen final de cada gráfico como PNG y el progreso se muestra como texto.",
    "{package} is not installed. Install it with: python -m pip install {package}":
        "{package} no está instalado. Instálalo con: python -m pip install {package}",
    "{package} {version} is too old: the kit needs {minimum} or newer. Install a newer one "
    "(python -m pip install --upgrade {package} for a package).":
        "{package} {version} es demasiado antiguo: el kit necesita {minimum} o posterior. Instala "
        "uno más reciente (python -m pip install --upgrade {package} si es un paquete).",
    "data/SHA256SUMS is missing, so the data files cannot be checked: restore the kit's data/ "
    "folder (unpack the kit again).":
        "Falta data/SHA256SUMS, así que no se pueden comprobar los datos: recupera la carpeta "
        "data/ del kit (vuelve a descomprimirlo).",
    "data/{name} is present and intact.":
        "data/{name} está presente e intacto.",
    "data/{name} is missing: restore the kit's data/ folder (unpack the kit again).":
        "Falta data/{name}: recupera la carpeta data/ del kit (vuelve a descomprimirlo).",
    "data/{name} is damaged or changed (its checksum differs): restore it from the kit (unpack "
    "the kit again).":
        "data/{name} está dañado o modificado (su suma de comprobación no coincide): recupéralo "
        "del kit (vuelve a descomprimirlo).",
    "{count} problem(s) to fix:":
        "{count} problema(s) que resolver:",
    "Everything the kit needs is installed and intact.":
        "Todo lo que el kit necesita está instalado e intacto.",
    # -- grading/shards.py: a batch in shards, the merge, the Slurm script
    "--shard takes K/N (shard K of N, K from 1 to N, e.g. 2/5), auto or auto/N (K from the job "
    "runner), not \"{value}\".":
        "--shard admite K/N (la parte K de N, K de 1 a N, p. ej. 2/5), auto o auto/N (K del "
        "gestor de trabajos), no \"{value}\".",
    "--shard {value}: there must be at least one shard.":
        "--shard {value}: tiene que haber al menos una parte.",
    "--shard auto: {name} (a Kubernetes Indexed Job) gives the shard, not how many there are: "
    "write --shard auto/N, N the Job's completions.":
        "--shard auto: {name} (un Indexed Job de Kubernetes) da la parte, no cuántas hay: "
        "escribe --shard auto/N, con N las completions del Job.",
    "--shard auto: {name} is set but not the array's extent ({low}, {high}): write --shard "
    "auto/N, N the number of shards.":
        "--shard auto: {name} está definida, pero no la extensión del array ({low}, {high}): "
        "escribe --shard auto/N, con N el número de partes.",
    "--shard auto: the Slurm array's task IDs are not consecutive ({count} tasks from {low} to "
    "{high}), so they cannot number the shards: write --shard auto/N and number the tasks 1 "
    "to N.":
        "--shard auto: los identificadores de tarea del array de Slurm no son consecutivos "
        "({count} tareas de {low} a {high}), así que no pueden numerar las partes: escribe "
        "--shard auto/N y numera las tareas de 1 a N.",
    "--shard {value}: no job runner's variable is set here ({slurm} in a Slurm array job, "
    "{kubernetes} in a Kubernetes Indexed Job). Give the shard as K/N, e.g. --shard 1/4.":
        "--shard {value}: aquí no está definida ninguna variable de un gestor de trabajos "
        "({slurm} en un array de Slurm, {kubernetes} en un Indexed Job de Kubernetes). Indica "
        "la parte como K/N, p. ej. --shard 1/4.",
    "--shard {value}: the job runner's variable {name} is \"{got}\", not a whole number.":
        "--shard {value}: la variable {name} del gestor de trabajos vale \"{got}\", que no es "
        "un número entero.",
    "--shard {value}: there is no shard {shard} of {count}; K goes from 1 to {count}.":
        "--shard {value}: no existe la parte {shard} de {count}; K va de 1 a {count}.",
    "--shard {value}: {name} makes this shard {shard}, but there are {count} shards (number the "
    "Slurm array's tasks 1 to {count}; a Kubernetes Job's indexes go from 0 to {last}).":
        "--shard {value}: según {name} esta es la parte {shard}, pero hay {count} partes "
        "(numera las tareas del array de Slurm de 1 a {count}; los índices de un Job de "
        "Kubernetes van de 0 a {last}).",
    "no report yet":
        "aún sin informe",
    "models.py changed since it was graded":
        "models.py cambió después de calificarse",
    "graded by another version of the kit":
        "calificado con otra versión del kit",
    "{count} submissions have no grade yet and are not counted on this page (see "
    "not_graded.csv): {students}.":
        "{count} entregas aún no tienen nota y esta página no las cuenta (ver not_graded.csv): "
        "{students}.",
    "graded with other settings ({names})":
        "calificado con otros ajustes ({names})",
    "Merged the reports in {folder}: {graded} of {count} submissions graded.":
        "Informes de {folder} reunidos: {graded} de {count} entregas calificadas.",
    "{count} of them were sealed otherwise than this machine would seal them (each report says "
    "how).":
        "{count} de ellas se aislaron de otro modo del que usaría esta máquina (cada informe dice "
        "cómo).",
    "{count} submissions have no grade yet (a shard still running, stopped or not run, or a "
    "report out of date), listed in {path}: {students}.":
        "{count} entregas aún no tienen nota (una parte que sigue en marcha, que se detuvo o que "
        "no se lanzó, o un informe desfasado); están en {path}: {students}.",
    "They are in shards {shards} of {count}: run those again (the script of --make-slurm-script "
    "takes them as its argument: {list}).":
        "Están en las partes {shards} de {count}: vuelve a lanzarlas (el script de "
        "--make-slurm-script las admite como argumento: {list}).",
    "--shard, --merge and --make-slurm-script work with --batch DIR.":
        "--shard, --merge y --make-slurm-script funcionan con --batch CARPETA.",
    "--shard, --merge and --make-slurm-script go one at a time.":
        "--shard, --merge y --make-slurm-script van de uno en uno.",
    "--shards must be 1 or more, not {shards}.":
        "--shards debe ser 1 o más, no {shards}.",
    "Wrote {path}: {count} shards of {low} to {high} submissions, {jobs} at once each, then the "
    "merge. Submit them with: bash {path}":
        "Escrito {path}: {count} partes de {low} a {high} entregas, {jobs} a la vez en cada una, "
        "y después la unión. Envíalas con: bash {path}",
    "--similarity compares the whole class: give it to --merge, not to each shard.":
        "--similarity compara toda la clase: dáselo a --merge, no a cada parte.",
    "Shard {shard} of {count}.":
        "Parte {shard} de {count}.",
    # -- grading/mistakes.py and report.html's mistakes
    "mistake":
        "error",
    "what it is; what to teach":
        "qué es; qué enseñar",
    "students":
        "estudiantes",
    "points lost":
        "puntos perdidos",
    "figures":
        "cifras",
    "who":
        "quiénes",
    "test":
        "prueba",
    "validation":
        "validación",
    "loss":
        "pérdida",
    "initial loss":
        "pérdida inicial",
    "batches":
        "lotes",
    "points lost, all students":
        "puntos perdidos, todos los estudiantes",
    "Points lost, by mistake":
        "Puntos perdidos, por error",
    "What the class got wrong":
        "Lo que la clase hizo mal",
    "Each failure the grader recognised, from what it checked itself, in the attempt that counted "
    "(mistakes.csv has the same rows). A question's lost points go to its first mistake.":
        "Cada fallo que el calificador reconoció, a partir de lo que comprobó él mismo, en el "
        "intento que contó (mistakes.csv tiene las mismas filas). Los puntos perdidos de una "
        "pregunta se atribuyen a su primer error.",
    "No mistakes: every question earned every point.":
        "Ningún error: cada pregunta obtuvo todos sus puntos.",
    "other":
        "otros",
    "names":
        "nombres",
    "run returns a node, get_loss a loss node, get_weights the Parameter.":
        "run devuelve un nodo, get_loss un nodo de pérdida, get_weights el Parameter.",
    "The last layer's size: batch x outputs, one output per class.":
        "El tamaño de la última capa: lote x salidas, una salida por clase.",
    "The graph starts from x (and y for the loss): trace it on the board.":
        "El grafo parte de x (y de y para la pérdida): recórrelo en la pizarra.",
    "Create every nn.Parameter once, in __init__, and reuse it.":
        "Crea cada nn.Parameter una vez, en __init__, y reutilízalo.",
    "The answers to the structural checks went missing: usually a crash before them.":
        "Faltan las respuestas a las comprobaciones estructurales: normalmente, una caída antes "
        "de ellas.",
    "run is nn.DotProduct(x, self.w).":
        "run es nn.DotProduct(x, self.w).",
    "1 when the score is >= 0, else -1: nn.as_scalar gets the number.":
        "1 cuando la puntuación es >= 0, si no -1: nn.as_scalar da el número.",
    "the code raised {name}":
        "el código lanzó {name}",
    "Read a traceback together: the line of models.py it names, and why.":
        "Leed juntos una traza: la línea de models.py que nombra, y por qué.",
    "training did not end within the time limit":
        "el entrenamiento no terminó dentro del límite de tiempo",
    "A stopping rule that is sure to be met, and how long an epoch takes.":
        "Una condición de parada que seguro se cumple, y cuánto tarda una época.",
    "the process died (out of memory, or killed)":
        "el proceso murió (sin memoria, o terminado)",
    "Memory: nodes of the whole dataset kept in lists, arrays that grow.":
        "La memoria: nodos de todo el conjunto guardados en listas, arrays que crecen.",
    "the code ended its own process (sys.exit, os._exit)":
        "el código terminó su propio proceso (sys.exit, os._exit)",
    "Never exit from models.py: train returns when it is done.":
        "Nunca salgas desde models.py: train vuelve cuando termina.",
    "training diverged: a parameter became NaN or infinite":
        "el entrenamiento divergió: un parámetro se volvió NaN o infinito",
    "The learning rate is too large: how to choose and lower it.":
        "La tasa de aprendizaje es demasiado grande: cómo elegirla y bajarla.",
    "a batch size that does not divide the number of examples":
        "un tamaño de lote que no divide el número de ejemplos",
    "iterate_once needs a batch size that divides len(dataset.x).":
        "iterate_once necesita un tamaño de lote que divida len(dataset.x).",
    "a structural check failed ({check})":
        "falló una comprobación estructural ({check})",
    "the trained model's outputs have the wrong shape":
        "las salidas del modelo entrenado tienen la forma equivocada",
    "The last layer has one output per class: batch x outputs.":
        "La última capa tiene una salida por clase: lote x salidas.",
    "the trained model's outputs did not reach the grader":
        "las salidas del modelo entrenado no llegaron al calificador",
    "Usually a crash at the very end: see each student's report.":
        "Normalmente, una caída justo al final: mira el informe de cada estudiante.",
    "get_loss does not compute the loss of run()'s output":
        "get_loss no calcula la pérdida de la salida de run()",
    "get_loss is nn.SquareLoss(self.run(x), y): nothing scaled, nothing added.":
        "get_loss es nn.SquareLoss(self.run(x), y): nada escalado, nada añadido.",
    "the perceptron's update rule is wrong":
        "la regla de actualización del perceptrón está mal",
    "On a mistake, w <- w + y * x: self.w.update(x, label).":
        "En cada error, w <- w + y * x: self.w.update(x, etiqueta).",
    "the perceptron never went over the dataset":
        "el perceptrón nunca recorrió los datos",
    "train loops over dataset.iterate_once(1) until a pass has no mistake.":
        "train recorre dataset.iterate_once(1) hasta una pasada sin errores.",
    "accuracy at chance: the network learned nothing":
        "precisión al azar: la red no aprendió nada",
    "No ReLU on the last layer, and a learning rate neither too large nor too small.":
        "Sin ReLU en la última capa, y una tasa de aprendizaje ni demasiado grande ni demasiado "
        "pequeña.",
    "the loss never changed during training":
        "la pérdida nunca cambió durante el entrenamiento",
    "Every parameter is updated, with its own gradient from nn.gradients.":
        "Cada parámetro se actualiza, con su propio gradiente de nn.gradients.",
    "the loss grew during training":
        "la pérdida creció durante el entrenamiento",
    "The update's multiplier is minus the learning rate.":
        "El multiplicador de la actualización es menos la tasa de aprendizaje.",
    "stopped right at the threshold: validation above it, test just under":
        "paró justo en el umbral: validación por encima, test justo por debajo",
    "Leave a margin: stop a little past the threshold, since validation and test differ a little.":
        "Deja un margen: para un poco después del umbral, porque validación y test difieren un "
        "poco.",
    "trained, but short of the threshold":
        "entrenado, pero sin llegar al umbral",
    "Train longer, or a wider network; watch the validation accuracy.":
        "Entrena más, o con una red más ancha; vigila la precisión de validación.",
    "a check in the student's process failed":
        "falló una comprobación en el proceso del estudiante",
    "The report of each student says which call and why.":
        "El informe de cada estudiante dice qué llamada y por qué.",
    # -- grading/feedback.py
    "Your grade: {points}/{max_points}":
        "Tu nota: {points}/{max_points}",
    "What went wrong: {what}.":
        "Qué falló: {what}.",
    "What to try: {attempt}":
        "Qué probar: {attempt}",
    "To repeat it on your machine: {command}":
        "Para repetirlo en tu equipo: {command}",
    "What went wrong:":
        "Qué falló:",
    "What to try:":
        "Qué probar:",
    "To repeat it on your machine:":
        "Para repetirlo en tu equipo:",
    "... {count} lines not shown ...":
        "... {count} líneas sin mostrar ...",
}
